import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { principalOf, problem, ProblemError, Roles } from '@app/platform';
import { PasswordHasher } from '../../auth/password-hasher';
import { UserDirectory } from '../../auth/user-directory';
import type { UserRecord } from '../../auth/user-directory';
import { UserAccounts, UserCommandResult } from '../../application/user-accounts.service';
import type { UserCommand } from '../../domain';
import { USERNAME, USERNAME_MESSAGE } from '../login/auth.request.dto';
import {
  AssignProjectRequest,
  ChangeRoleRequest,
  CreateUserRequest,
  LockUserRequest,
  ResetPasswordRequest,
  UnassignProjectRequest,
  UnlockUserRequest,
  UserCommandResponse,
  UserListView,
  UserView,
} from './admin-users.request.dto';

type Result = Omit<UserCommandResult, 'state'> & { user: UserView };
const Changed = () => ApiOkResponse({ type: UserCommandResponse });

// Every change is an event on the user-<username> stream, with the admin as actor.
@ApiTags('admin')
@Roles('admin')
@Controller('admin/users')
export class AdminUsersHttpController {
  constructor(
    private readonly accounts: UserAccounts,
    private readonly users: UserDirectory,
    private readonly hasher: PasswordHasher,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every account: role, status, assigned projects' })
  @ApiOkResponse({ type: UserListView })
  async list(): Promise<UserListView> {
    return { users: (await this.users.list()).map(view) };
  }

  @Post()
  @ApiOperation({
    summary: 'Create an account (UserCreated); the initial password must be changed at first sign-in',
    description: 'A second account of an existing person (same personId) must carry that person’s name, else 409 person_name_mismatch.',
  })
  @ApiCreatedResponse({ type: UserCommandResponse })
  async create(@Body() body: CreateUserRequest, @Req() req: Request): Promise<Result> {
    const passwordHash = await this.hasher.hash(body.initialPassword);
    const data = { username: body.username, personId: body.personId ?? body.username, name: body.name, role: body.role, mustChangePassword: true };
    return this.run(req, { type: 'CreateUser', data }, passwordHash);
  }

  @Get(':username')
  @ApiParam({ name: 'username' })
  @ApiOperation({ summary: 'One account' })
  @ApiOkResponse({ type: UserView })
  async get(@Param('username') username: string): Promise<UserView> {
    const user = await this.users.find(checked(username));
    if (!user) throw new ProblemError(problem(404, 'user_not_found', 'Unknown user', { username }));
    return view(user);
  }

  @Post(':username/role')
  @HttpCode(HttpStatus.OK)
  @Changed()
  @ApiOperation({ summary: 'Assign another role (UserRoleChanged); takes effect on the next request' })
  role(@Param('username') username: string, @Body() body: ChangeRoleRequest, @Req() req: Request): Promise<Result> {
    return this.run(req, { type: 'ChangeUserRole', data: { username: checked(username), role: body.role, reason: body.reason } });
  }

  @Post(':username/lock')
  @HttpCode(HttpStatus.OK)
  @Changed()
  @ApiOperation({ summary: 'Lock the account (UserLocked): its tokens stop working within AUTH_USER_CACHE_MS, and for good (an unlock needs a new sign-in)' })
  lock(@Param('username') username: string, @Body() body: LockUserRequest, @Req() req: Request): Promise<Result> {
    return this.run(req, { type: 'LockUser', data: { username: checked(username), reason: body.reason } });
  }

  @Post(':username/unlock')
  @HttpCode(HttpStatus.OK)
  @Changed()
  @ApiOperation({ summary: 'Unlock the account (UserUnlocked)' })
  unlock(@Param('username') username: string, @Body() body: UnlockUserRequest, @Req() req: Request): Promise<Result> {
    return this.run(req, { type: 'UnlockUser', data: { username: checked(username), reason: body.reason ?? null } });
  }

  @Post(':username/password')
  @HttpCode(HttpStatus.OK)
  @Changed()
  @ApiOperation({ summary: 'Reset the password (UserPasswordChanged, resetByAdmin); the user must change it at next sign-in' })
  async resetPassword(@Param('username') username: string, @Body() body: ResetPasswordRequest, @Req() req: Request): Promise<Result> {
    return this.run(req, { type: 'ChangePassword', data: { username: checked(username) } }, await this.hasher.hash(body.password));
  }

  @Post(':username/projects')
  @HttpCode(HttpStatus.OK)
  @Changed()
  @ApiOperation({
    summary: 'Assign the user to a project (UserAssignedToProject)',
    description: "Write access to a project's records still follows the project's team, which the innovation office keeps.",
  })
  assign(@Param('username') username: string, @Body() body: AssignProjectRequest, @Req() req: Request): Promise<Result> {
    return this.run(req, { type: 'AssignUserToProject', data: { username: checked(username), projectId: body.projectId } });
  }

  @Post(':username/projects/:projectId/removal')
  @HttpCode(HttpStatus.OK)
  @Changed()
  @ApiOperation({ summary: 'Take the user off a project (UserUnassignedFromProject)' })
  unassign(
    @Param('username') username: string,
    @Param('projectId') projectId: string,
    @Body() body: UnassignProjectRequest,
    @Req() req: Request,
  ): Promise<Result> {
    return this.run(req, { type: 'UnassignUserFromProject', data: { username: checked(username), projectId, reason: body.reason ?? null } });
  }

  private async run(req: Request, command: Omit<UserCommand, 'metadata'>, passwordHash?: string): Promise<Result> {
    const principal = principalOf(req);
    const { state, ...result } = await this.accounts.execute(
      { ...command, metadata: { actor: principal.actor, account: principal.username } } as UserCommand,
      { requestId: String((req as Request & { id?: unknown }).id ?? ''), passwordHash },
    );
    const user = (await this.users.find(state.username!))!;
    return { ...result, user: view(user) };
  }
}

// The token version is the server's business, not the account's view.
function view({ username, personId, name, role, status, mustChangePassword, projects, revision }: UserRecord): UserView {
  return { username, personId, name, role, status, mustChangePassword, projects, revision };
}

function checked(username: string): string {
  if (!USERNAME.test(username)) {
    const message = USERNAME_MESSAGE.replace('$property', 'username');
    throw new ProblemError(problem(400, 'validation_failed', 'Invalid request', { detail: message, errors: [{ field: 'username', messages: [message] }] }));
  }
  return username;
}
