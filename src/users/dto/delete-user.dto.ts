import { ChangeUserStateDto } from './user-state.dto';

/**
 * Body of `POST api/users/delete/`: the user is found by username. A distinguishedName, which
 * the frontend also sends, must name that same user and is never deleted on its own.
 */
export class DeleteUserDto extends ChangeUserStateDto {}
