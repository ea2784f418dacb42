// Cloud Logging's own retention, which the Cloud Run adapter builds on and the stack doc states. No
// imports: the inventory CLI loads the stack doc's renderer at start, --help included.

/** What the project's _Default bucket keeps every log for (cloud.google.com/logging/quotas, retention). */
export const CLOUD_LOGGING_DEFAULT_DAYS = 30;
