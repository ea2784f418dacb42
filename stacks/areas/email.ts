// Email: the provider's API key declared; the sender as an env source.
import type { BuildContext } from "../buildContext";
import type { SourceValue } from "../envContract";
import { CheckContext, Sources } from "../stackConfig";
import { EMAIL_KEYS } from "../keyFormats";
import type { CoreConfig } from "../schema";
import { requireDeclared } from "../checks";
import type { Area } from "../area";

export function emailSources(cfg: CoreConfig): Sources {
    return cfg.email ? { "email.from": { secret: false, description: "email.from" } } : {};
}

export function checkEmail(ctx: CheckContext): void {
    const email = ctx.cfg.email;
    if (!email) return;
    const spec = EMAIL_KEYS[email.provider];
    requireDeclared(ctx, spec.secretName, `email.provider ${email.provider}`, spec.rotationDays);
}

export function emailValues({ cfg }: BuildContext): Record<string, SourceValue> {
    return cfg.email ? { "email.from": { value: cfg.email.from } } : {};
}

export const emailArea: Area = {
    sources: ({ cfg }) => emailSources(cfg),
    check: checkEmail,
    values: emailValues,
};
