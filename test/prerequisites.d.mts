// Types of prerequisites.mjs (plain JavaScript so that run-all.mjs runs without a compiler).
export declare const PREREQUISITES: { program: string; pkg: string }[];
export declare function missingPrerequisites(env?: NodeJS.ProcessEnv): { program: string; pkg: string }[];
export declare function prerequisitesMessage(env?: NodeJS.ProcessEnv): string | undefined;
