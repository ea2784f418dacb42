// An availability objective's monthly downtime budget: what the config check and the stack doc both
// state. No imports: the inventory CLI loads the stack doc's renderer at start, --help included.

/** The downtime a month (30 days) allows under an availability objective. */
export const monthlyBudgetMinutes = (objectivePercent: number) => (30 * 24 * 60 * (100 - objectivePercent)) / 100;
