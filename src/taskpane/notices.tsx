/**
 * What the pane tells the user: a list of MessageBars (one per title, newest last), in a live
 * region that takes focus when an error arrives so that keyboard and screen-reader users hear
 * it. Any flow of the pane (the scorecard today) keeps its notices with useNotices.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import { KpiError } from "../kpi";
import { usePaneStyles } from "./styles";

export type NoticeIntent = "error" | "warning" | "success" | "info";

export interface Notice {
  readonly intent: NoticeIntent;
  readonly title: string;
  readonly message: string;
}

/** The message of anything thrown or returned as an error. */
export function describeError(err: unknown): string {
  if (err instanceof KpiError) return err.message;
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === "string" && code !== "" && !err.message.includes(code) ? `${err.message} (${code})` : err.message;
  }
  return String(err);
}

export interface Notices {
  readonly notices: readonly Notice[];
  /** Shows a notice, replacing any with the same title. */
  report(notice: Notice): void;
  /** Shows an error notice with the message of `err`. */
  fail(title: string, err: unknown): void;
  /** Removes the notices of these intents (all when none are given). */
  clear(...intents: NoticeIntent[]): void;
  dismiss(notice: Notice): void;
}

export function useNotices(): Notices {
  const [notices, setNotices] = useState<readonly Notice[]>([]);
  const report = useCallback((notice: Notice) => setNotices((list) => [...list.filter((n) => n.title !== notice.title), notice]), []);
  const fail = useCallback((title: string, err: unknown) => report({ intent: "error", title, message: describeError(err) }), [report]);
  const clear = useCallback(
    (...intents: NoticeIntent[]) => setNotices((list) => (intents.length === 0 ? [] : list.filter((n) => !intents.includes(n.intent)))),
    [],
  );
  const dismiss = useCallback((notice: Notice) => setNotices((list) => list.filter((n) => n !== notice)), []);
  return { notices, report, fail, clear, dismiss };
}

export interface NoticeAreaProps {
  readonly notices: Notices;
  /** Standing bars shown after the notices (the stored scorecard, for example). */
  readonly children?: ReactNode;
}

export function NoticeArea({ notices: { notices, dismiss }, children }: NoticeAreaProps) {
  const styles = usePaneStyles();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (notices.some((n) => n.intent === "error")) ref.current?.focus();
  }, [notices]);
  return (
    <div ref={ref} tabIndex={-1} aria-live="polite" className={styles.notices}>
      {notices.map((n) => (
        <MessageBar key={n.title} intent={n.intent} layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{n.title}</MessageBarTitle>
            {n.message}
          </MessageBarBody>
          <MessageBarActions
            containerAction={
              <Button appearance="transparent" size="small" aria-label={`Dismiss: ${n.title}`} onClick={() => dismiss(n)}>
                ✕
              </Button>
            }
          />
        </MessageBar>
      ))}
      {children}
    </div>
  );
}
