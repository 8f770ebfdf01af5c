export * from './decorators';
export * from './request-validation.pipe';
export * from './validation-errors';
export * from './dns-zone-name';
