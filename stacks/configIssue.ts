// What a check finds wrong with the config: the key it names and what to do. The checks of every
// area push these; config.ts gathers and formats them.
export interface ConfigIssue {
    /** Full config key path, e.g. `app-platform:hosting.repository.repo`. */
    key: string;
    message: string;
}
