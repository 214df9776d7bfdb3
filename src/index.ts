export * from './serving-api';
export * from './model-source';
export * from './model-cache';
