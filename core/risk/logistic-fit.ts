/**
 * Ridge-penalised logistic regression by Newton's method (iteratively
 * reweighted least squares), pure: rows already carry their intercept column
 * (column 0, not penalised). A handful of iterations reach the optimum, where
 * the batch gradient descent it replaces needed thousands of passes.
 */

import { LuDecomposition, Matrix } from 'ml-matrix';

export interface LogisticFitOptions {
  /** L2 penalty on every weight but the intercept (per row: the penalty is `l2 · n`). */
  l2?: number;
  maxIterations?: number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Solves A x = b (LU decomposition of ml-matrix); throws "singular system" when A has no inverse. */
export function solveLinear(a: readonly number[][], b: readonly number[]): number[] {
  const lu = new LuDecomposition(new Matrix(a.map((row) => [...row])));
  if (lu.isSingular()) throw new Error('singular system');
  return lu.solve(Matrix.columnVector([...b])).getColumn(0);
}

/** Weights (intercept first) minimising the mean log-loss + l2/2 · |w without intercept|². */
export function fitLogistic(rows: readonly number[][], labels: readonly boolean[], options: LogisticFitOptions = {}): number[] {
  const d = rows[0]?.length ?? 0;
  const n = rows.length;
  const l2 = (options.l2 ?? 1e-3) * n;
  let w = new Array<number>(d).fill(0);
  for (let it = 0; it < (options.maxIterations ?? 50); it++) {
    const grad = w.map((v, j) => (j === 0 ? 0 : l2 * v));
    const hess = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j && i > 0 ? l2 : 0)));
    for (let i = 0; i < n; i++) {
      const x = rows[i]!;
      let z = 0;
      for (let j = 0; j < d; j++) z += w[j]! * x[j]!;
      const p = sigmoid(z);
      const r = p - (labels[i] ? 1 : 0);
      const s = Math.max(p * (1 - p), 1e-9);
      for (let j = 0; j < d; j++) {
        grad[j]! += r * x[j]!;
        const sx = s * x[j]!;
        for (let k = 0; k <= j; k++) hess[j]![k]! += sx * x[k]!;
      }
    }
    for (let j = 0; j < d; j++) for (let k = j + 1; k < d; k++) hess[j]![k] = hess[k]![j]!;
    const step = solveLinear(hess, grad);
    w = w.map((v, j) => v - step[j]!);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  return w;
}
