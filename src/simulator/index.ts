export * from './metric-windows';
export * from './knative-decider';
export * from './kpa-scaler';
export * from './knative-policy';
export * from './preset-spec';
export * from './request-trace';
export * from './simulation';
