/** @jest-environment jsdom */
// The pane refuses, with a message and before writing anything, what the CLI refuses: data past
// Excel's sheet limits and aggregate inputs off their domain.
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { createOfficePort } from "../src/excel/officePort";
import type { WorkbookPort } from "../src/excel/port";
import { formFromSpec } from "../src/taskpane/form";
import type { ScorecardSpec } from "../src/scorecard/types";
import { installFluentDomShims } from "./helpers/fluentDom";
import { renderPane, surveyBook } from "./helpers/pane";

beforeAll(installFluentDomShims);

const HEADERS = ["How likely are you to recommend us?", "Region"];
const ROWS: (string | number)[][] = [[10, "North"], [9, "North"], [6, "South"], [0, "South"]];

const surveyWorkbook = () => surveyBook(HEADERS, ROWS);

async function useSelection() {
  fireEvent.click(screen.getByRole("button", { name: "Use selected range" }));
  await screen.findByRole("combobox", { name: /Column A/ });
}

describe("the pane refuses", () => {
  it("aggregate inputs off their domain, naming them, and leaves the workbook as it was", async () => {
    const book = surveyWorkbook();
    renderPane(createOfficePort(book.run));
    await useSelection();
    fireEvent.click(screen.getByRole("button", { name: /Customer figures/ }));
    fireEvent.change(await screen.findByRole("textbox", { name: "Customers at start" }), { target: { value: "100" } });
    fireEvent.change(screen.getByRole("textbox", { name: "Customers lost" }), { target: { value: "150" } });
    const before = book.sheets.map((s) => s.name);
    fireEvent.click(screen.getByRole("button", { name: "Build new sheet" }));
    expect(await screen.findByText("The scorecard cannot be built from these inputs")).toBeTruthy();
    expect(screen.getByText("Churn rate (CHURN) cannot be computed: Customers lost (150) is more than Customers at start (100)")).toBeTruthy();
    expect(book.sheets.map((s) => s.name)).toEqual(before);
  });

  it("a source past the last row of a sheet, before reading it", async () => {
    const real = createOfficePort(surveyWorkbook().run);
    const readColumns = jest.fn(real.readColumns);
    const port: WorkbookPort = {
      ...real,
      readSelection: async () => ({ ...(await real.readSelection()), source: { sheet: "Survey", address: "A1:B1048577" } }),
      readColumns,
    };
    renderPane(port);
    await useSelection();
    fireEvent.click(screen.getByRole("button", { name: "Build new sheet" }));
    expect(await screen.findByText(/the source A1:B1048577 goes past the last cell of an Excel sheet \(XFD1048576\)/)).toBeTruthy();
    expect(readColumns).not.toHaveBeenCalled();
  });

  it("more data rows than a sheet holds, and writes nothing", async () => {
    const real = createOfficePort(surveyWorkbook().run);
    const writePlan = jest.fn(real.writePlan);
    const row = [9, "North"];
    const port: WorkbookPort = {
      ...real,
      readColumns: async (source) => ({ source, data: { headers: HEADERS, rows: new Array<unknown[]>(1_048_576).fill(row) } }),
      writePlan,
    };
    renderPane(port);
    await useSelection();
    fireEvent.click(screen.getByRole("button", { name: "Build new sheet" }));
    expect(await screen.findByText("The scorecard could not be built")).toBeTruthy();
    await waitFor(() => expect(screen.getByText(/1,048,576 data rows are more than an Excel sheet holds \(1,048,575 under the header row\)/)).toBeTruthy());
    expect(writePlan).not.toHaveBeenCalled();
  });

  it("a stored spec that names a column past the sheet's last (XFD), saying why, instead of allocating for it", async () => {
    const book = surveyWorkbook();
    const port = createOfficePort(book.run);
    const first = renderPane(port);
    await useSelection();
    fireEvent.click(screen.getByRole("button", { name: "Build new sheet" }));
    await screen.findByText('Built "KPI Scorecard"');
    first.unmount();
    // The stored JSON edited (or crafted) to name column 20,000 of a sheet that has 16,384.
    const spec = book.sheet("KPI_Spec");
    let edited = 0;
    for (const [, , cell] of spec.entries()) {
      if (typeof cell.value === "string" && cell.value.includes('"index":0')) {
        cell.value = cell.value.replace('"index":0', '"index":20000');
        edited++;
      }
    }
    expect(edited).toBe(1);
    renderPane(port);
    expect(await screen.findByText(/columns\[0\]\.index must be a whole number from 0 to 16383 \(a sheet has 16384 columns\)/)).toBeTruthy();
  });
});

describe("the pane's form from a stored spec", () => {
  it("never holds more column roles than a sheet has columns, whatever the spec names", () => {
    const spec: ScorecardSpec = {
      version: 1,
      source: { sheet: "Survey", address: "A1:B5" },
      columns: [{ index: 20_000, header: "NPS", role: "nps" }],
      aggregates: {},
      kpis: {},
      mode: "portable",
      trend: "month",
    };
    expect(formFromSpec(spec, 20_001).roles).toHaveLength(16_384);
  });
});
