import { ok } from '../../contract/errors.ts';
import type { figuresChannels } from '../../contract/figures.ts';
import type { Handlers } from '../api/dispatch.ts';
import type { Figures } from './figures.ts';

export function figuresHandlers(figures: Figures): Handlers<keyof typeof figuresChannels> {
  return {
    storeFigures: ({ days }) => ok(figures.compute(days)),
  };
}
