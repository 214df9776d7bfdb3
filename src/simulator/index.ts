export * from './metric-windows';
export * from './knative-decider';
export * from './kpa-scaler';
