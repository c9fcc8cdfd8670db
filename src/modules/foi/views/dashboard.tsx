/** The FOI panel on the back-office home page. */

/** What the panel counts: open and overdue cases, and (for managers) those awaiting confirmation. */
export interface FoiPanelProps {
  open: number;
  overdue: number;
  /** Cases awaiting confirmation of receipt; null when the actor does not confirm them. */
  waiting: number | null;
}

/** The panel: links into the case list and the confirmation queue. */
export function FoiPanel({ open, overdue, waiting }: FoiPanelProps) {
  return (
    <section class="card" aria-labelledby="foi-panel">
      <h2 id="foi-panel">依申请公开</h2>
      <ul>
        <li>
          <a href="/admin/foi?status=open">办理中 {open} 件</a>
        </li>
        <li>
          <a href="/admin/foi?status=open&overdue=1" class={overdue ? 'status-bad' : undefined}>
            已超期 {overdue} 件
          </a>
        </li>
        {waiting !== null && (
          <li>
            <a href="/admin/foi/queue">待确认收到 {waiting} 件</a>
          </li>
        )}
      </ul>
    </section>
  );
}
