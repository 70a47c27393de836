// Start-up of the task pane: wait for Office once, pick the theme, make the WorkbookPort and
// render. Nothing runs at import time but the guarded call to start() at the bottom.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { FluentProvider } from "@fluentui/react-components";
import { createOfficePort, excelCapabilities, excelRunner } from "../excel/officePort";
import type { WorkbookPort } from "../excel/port";
import { App } from "./App";
import { themeFor, type OfficeThemeLike } from "./theme";

function officeTheme(): OfficeThemeLike | null {
  try {
    return Office.context?.officeTheme ?? null;
  } catch {
    return null; // not every host exposes the theme; the light theme is used then
  }
}

/** The port over Office.js when Excel's API is there, else null (the pane says so). */
function workbookPort(): WorkbookPort | null {
  if (typeof Excel === "undefined" || typeof Excel.run !== "function") return null;
  const capabilities = excelCapabilities();
  return createOfficePort(excelRunner(capabilities), {}, capabilities);
}

async function start(): Promise<void> {
  await Office.onReady();
  const container = document.getElementById("root");
  if (!container) throw new Error("taskpane.html has no #root element");
  createRoot(container).render(
    <StrictMode>
      <FluentProvider theme={themeFor(officeTheme())} style={{ minHeight: "100vh" }}>
        <App port={workbookPort()} />
      </FluentProvider>
    </StrictMode>,
  );
}

if (typeof Office !== "undefined" && typeof document !== "undefined") {
  start().catch((err: unknown) => {
    document.body.textContent = `The KPI pane could not start: ${err instanceof Error ? err.message : String(err)}`;
  });
}
