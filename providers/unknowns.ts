// Values the engine has not computed yet reach a dynamic provider, during preview, as this marker.
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when any part of `v` is still unknown: check and diff must then decide without it. */
export function hasUnknowns(v: unknown): boolean {
    return v === UNKNOWN || (typeof v === "object" && v !== null && Object.values(v).some(hasUnknowns));
}
