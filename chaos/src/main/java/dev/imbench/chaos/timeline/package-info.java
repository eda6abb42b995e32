/**
 * Fault timelines: actions at run-relative times (apply/remove a profile for a fraction of clients,
 * proxy down/up, kill/restart a process, cut/restore the path to MySQL or Redis) and an executor that
 * performs them through a {@link dev.imbench.chaos.timeline.FaultControl} and reports each one.
 */
package dev.imbench.chaos.timeline;
