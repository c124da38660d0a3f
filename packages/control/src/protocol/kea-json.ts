// Kea's JSON layout for control answers: the one printer lives in @nestor/json.
export { toKeaJson } from '@nestor/json';
