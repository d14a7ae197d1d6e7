// Types of scripts/build.mjs for the TypeScript code that imports it.
export declare function buildBundle(): Promise<void>;
export declare function isStale(): Promise<boolean>;
