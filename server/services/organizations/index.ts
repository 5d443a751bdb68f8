/** Organisations: tenants, memberships and roles, invitations. Other domains import from this file only. */
export {
  INVITATION_TTL_MS,
  acceptInvitation,
  createInvitation,
  hashToken,
  invitationLink,
  listInvitations,
  previewInvitation,
  revokeInvitation,
} from "./invitations";
export {
  createOrganization,
  listOrganizationsForUser,
  organizationOverview,
  resolveOrgForUser,
  suggestSlug,
  updateOrganization,
} from "./organizations";
export type { OrgContext } from "./organizations";
export { changeRole, leaveOrganization, listMembers, removeMember, setMemberSites } from "./memberships";
