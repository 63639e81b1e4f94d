import type { ProjectProfile } from '../projects/projects.payloads';
import { DomainError } from '../shared/errors';
import { notFound, person, required, unique } from '../shared/rules';
import { personKey } from '../shared/values';
import type { ProjectState } from '../state';
import type { PartnerAdded, PartnerRemoved, TeamCommand, TeamMemberAdded, TeamMemberRemoved } from './team.payloads';

export function decideTeam(
  command: TeamCommand,
  state: ProjectState,
  project: ProjectProfile,
): (TeamMemberAdded | TeamMemberRemoved | PartnerAdded | PartnerRemoved)[] {
  switch (command.type) {
    case 'AddTeamMember': {
      const { teamRole } = command.data;
      required({ 'member.id': command.data.member.id, 'member.name': command.data.member.name });
      const member = person(command.data.member, 'member.id');
      if (teamRole === 'lead_clinician') {
        throw new DomainError('invalid_team_role', 'The lead clinician is named when the project is proposed.');
      }
      if (state.team[member.id]?.active) {
        throw new DomainError('already_a_team_member', `${member.name} is already on the team.`, {
          memberId: member.id,
        });
      }
      return [{ type: 'TeamMemberAdded', data: { ...command.data, member } }];
    }
    case 'RemoveTeamMember': {
      const memberId = personKey(command.data.memberId);
      if (!state.team[memberId]?.active) throw notFound('team_member_not_found', 'team member', command.data.memberId);
      if (memberId === personKey(project.leadClinician.id)) {
        throw new DomainError('cannot_remove_lead_clinician', 'The lead clinician cannot leave the team.', {
          memberId,
        });
      }
      return [{ type: 'TeamMemberRemoved', data: { ...command.data, memberId } }];
    }
    case 'AddPartner': {
      const { partner } = command.data;
      required({ 'partner.partnerId': partner.partnerId, 'partner.name': partner.name });
      unique(state.partners, 'partner', partner.partnerId);
      return [{ type: 'PartnerAdded', data: command.data }];
    }
    case 'RemovePartner':
      if (!state.partners[command.data.partnerId]?.active) {
        throw notFound('partner_not_found', 'partner', command.data.partnerId);
      }
      return [{ type: 'PartnerRemoved', data: command.data }];
    default: {
      const unhandled: never = command;
      throw new Error(`Unhandled command ${(unhandled as { type: string }).type}`);
    }
  }
}
