// Kept for the imports that name it: the decider lives in ./interaction/ (issue 26), one module per input family.
export * from './interaction';
