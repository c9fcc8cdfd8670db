/** The back-office home page (工作台): a greeting and each module's panel. */
import type { ComponentChildren } from 'preact';
import type { Actor } from '../../../context.ts';
import { ROLES } from '../../auth/permissions.ts';

/** The greeting for a member of staff, then the panels that have something for them. */
export function HomePage({ actor, panels }: { actor: Actor; panels: ComponentChildren[] }) {
  return (
    <>
      <h1>工作台</h1>
      {actor.kind === 'user' && (
        <p>
          您好，{actor.displayName}。您的角色：{actor.roles.map((r) => ROLES[r]).join('、')}。
        </p>
      )}
      <div class="cards">{panels.filter((p) => p != null)}</div>
    </>
  );
}
