/**
 * One id per version of the answers: a retry after a lost reply finds the application or order
 * already made instead of making a second one (an application would count against the shopper's
 * own velocity).
 */
export function requestIds(): (answers: unknown) => string {
  let last: { answers: string; id: string } | null = null;
  return (answers) => {
    const key = JSON.stringify(answers);
    if (last?.answers !== key) last = { answers: key, id: crypto.randomUUID() };
    return last.id;
  };
}
