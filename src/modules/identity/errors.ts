import { AppError } from '../../core/errors.ts';

export const slugTaken = (slug: string) =>
  new AppError('conflict', 'ORG_SLUG_TAKEN', `The organization address "${slug}" is taken; choose another.`, {
    field: 'slug',
  });

export const lastOwner = () =>
  new AppError(
    'conflict',
    'LAST_OWNER',
    'An organization needs at least one owner; make someone else owner first.',
  );

export const cannotAssignRole = (role: string) =>
  new AppError('forbidden', 'ROLE_NOT_ASSIGNABLE', `Only an owner can give or take the ${role} role.`, {
    role,
  });

export const alreadyMember = (email: string) =>
  new AppError('conflict', 'ALREADY_MEMBER', `${email} is already a member of this organization.`, {
    field: 'email',
  });

export const invitationNotUsable = (reason: string) =>
  new AppError('unprocessable', 'INVITATION_NOT_USABLE', `This invitation cannot be used: ${reason}.`);

export const invalidApiKey = () =>
  new AppError('unauthenticated', 'INVALID_API_KEY', 'The API key is not valid or has been revoked.');
