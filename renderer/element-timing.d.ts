import 'react';

// Element Timing (https://w3c.github.io/element-timing/): React passes the attribute through, its types lack it.
declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- a merged interface repeats React's type parameter
  interface HTMLAttributes<T> {
    elementtiming?: string;
  }
}
