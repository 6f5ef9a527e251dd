import type { Mailer } from '../comms/index.ts';

interface DeliveredEvent {
  type: string;
  payload: unknown;
}

/** Outbox subscribers of the identity module: mail leaves only after the invitation committed. */
export function identitySubscribers(deps: { mailer: Mailer; baseUrl: string }) {
  return {
    'identity.invitation-mail': async (event: DeliveredEvent) => {
      if (event.type !== 'invitation.created') return;
      const p = event.payload as {
        invitationId: string;
        email: string;
        role: string;
        organizationName: string;
        token: string;
      };
      const link = `${deps.baseUrl}/invite/${p.invitationId}?token=${encodeURIComponent(p.token)}`;
      await deps.mailer.send({
        to: p.email,
        subject: `You are invited to ${p.organizationName} on Ordo`,
        text: `You have been invited to join ${p.organizationName} on Ordo as ${p.role}.\n\nTo accept, sign in or create an account with this address and open:\n${link}\n\nThe invitation is valid for 7 days.`,
      });
    },
  };
}
