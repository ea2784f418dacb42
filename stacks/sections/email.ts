// Transactional email: the provider and the sender address.
import { z } from "zod";

export const email = z
    .strictObject({
        provider: z.enum(["resend", "sendgrid"]),
        from: z.email("an address such as noreply@example.com"),
    })
    .optional();
