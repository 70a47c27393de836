/**
 * Helpers of the task pane's jsdom tests: a workbook holding one survey sheet with its range
 * selected, the pane rendered over a port, and a mapping dropdown set to an option.
 */
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import type { WorkbookPort } from "../../src/excel/port";
import { App } from "../../src/taskpane/App";
import { FakeWorkbook } from "../fakes/excel";

/** A workbook with sheet "Survey" holding the headers and rows, the whole range selected. */
export function surveyBook(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): FakeWorkbook {
  const book = new FakeWorkbook();
  book.addSheet("Survey", [[...headers], ...rows.map((r) => [...r])]);
  book.select("Survey", `A1:${String.fromCharCode(64 + headers.length)}${rows.length + 1}`);
  return book;
}

export function renderPane(port: WorkbookPort | null) {
  return render(
    <FluentProvider theme={webLightTheme}>
      <App port={port} now={() => new Date("2025-05-01T12:00:00Z")} />
    </FluentProvider>,
  );
}

/** Sets the combobox labelled `label` to `option`, and waits until it shows it. */
export async function chooseOption(label: RegExp, option: string): Promise<void> {
  const box = screen.getByRole("combobox", { name: label });
  fireEvent.click(box);
  const listbox = await screen.findByRole("listbox");
  fireEvent.click(within(listbox).getByRole("option", { name: option }));
  await waitFor(() => expect(box.textContent ?? "").toContain(option));
}
