// ml-logistic-regression 2.0.0 ships no types: the part of its API core/risk/model.ts uses.
declare module 'ml-logistic-regression' {
  import type { Matrix } from 'ml-matrix';

  interface TwoClassClassifier {
    weights: Matrix;
    /** P(y ≠ the classifier's class) per row of `features`. */
    testScores(features: Matrix): number[];
  }

  export default class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number });
    numberClasses: number;
    /** One-vs-all: classifiers[k] scores P(y ≠ k). */
    classifiers: TwoClassClassifier[];
    train(X: Matrix, Y: Matrix): void;
    predict(X: Matrix): number[];
    toJSON(): unknown;
    static load(model: unknown): LogisticRegression;
  }
}
