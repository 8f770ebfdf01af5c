export * from './filetime';
export * from './generalized-time';
export * from './group-type';
export * from './guid';
export * from './sam-account-type';
export * from './sid';
export * from './user-account-control';
export * from './unicode-pwd';
