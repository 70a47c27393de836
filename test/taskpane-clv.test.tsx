/** @jest-environment jsdom */
// The pane's "Customer lifetime value" flow against the real WorkbookPort over the in-memory
// Excel fake: select the CDNOW log, confirm the proposed columns, set the calibration and
// holdout, build; the CLV sheet is written with the published fit, its formulas and the
// calibration chart, and a bad setting or a failed write leaves the workbook as it was.
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { createOfficePort } from "../src/excel/officePort";
import type { WorkbookPort } from "../src/excel/port";
import { App } from "../src/taskpane/App";
import { proposeColumns, readSettings, EMPTY_CLV_FORM, isProblem } from "../src/taskpane/clv/clvForm";
import { FakeWorkbook } from "./fakes/excel";
import { installFluentDomShims } from "./helpers/fluentDom";
import { cdnowLog, describeWithData } from "./clv/cdnow";
import { serialOf } from "../src/clv/read";

beforeAll(installFluentDomShims);

function logWorkbook(): FakeWorkbook {
  const book = new FakeWorkbook();
  const rows = cdnowLog().map((t) => [t.id, t.day, t.amount]);
  book.addSheet("Orders", [["Order date", "Customer", "Amount"], ...rows.map(([id, day, amount]) => [day, id, amount])]);
  book.select("Orders", `A1:C${rows.length + 1}`);
  return book;
}

function renderPane(port: WorkbookPort) {
  render(
    <FluentProvider theme={webLightTheme}>
      <App port={port} />
    </FluentProvider>,
  );
  fireEvent.click(screen.getByRole("tab", { name: "Customer lifetime value" }));
}

/** Types into a setting, opening the "More" fold it waits in first. */
const type = (label: RegExp, value: string) => {
  if (!screen.queryByRole("textbox", { name: label })) fireEvent.click(screen.getByRole("button", { name: /^More:/ }));
  fireEvent.change(screen.getByRole("textbox", { name: label }), { target: { value } });
};

describe("the CLV form", () => {
  it("proposes the id, date and amount columns from the headers", () => {
    expect(proposeColumns(["Order date", "Customer", "Amount"])).toEqual({ id: 1, date: 0, amount: 2 });
    expect(proposeColumns(["a", "b", "c"])).toEqual({ id: 2, date: 0, amount: 1 });
  });

  it("reads percentages and dates, and names the field that does not read", () => {
    const s = readSettings({ ...EMPTY_CLV_FORM, end: "1997-09-30", margin: "30", discount: "0.2" }, 0);
    expect(s).toMatchObject({ endDate: 35703, margin: 0.3, discountRate: 0.002 });
    const bad = readSettings({ ...EMPTY_CLV_FORM, end: "1997-09-30", holdout: "1997-01-01" }, 0);
    expect(isProblem(bad) && bad.field).toBe("holdout");
    // A yearly rate as given, and per week for the model; a negative one is refused.
    const yearly = readSettings({ ...EMPTY_CLV_FORM, end: "1997-09-30", discount: "10 %/year" }, 0);
    expect(yearly).toMatchObject({ discountGiven: { rate: 0.1, per: "year" } });
    expect(isProblem(yearly) ? NaN : yearly.discountRate).toBeCloseTo(1.1 ** (7 / 365.25) - 1, 15);
    const negative = readSettings({ ...EMPTY_CLV_FORM, discount: "-5" }, 35703);
    expect(isProblem(negative) && negative.field).toBe("discount");
    const margin = readSettings({ ...EMPTY_CLV_FORM, margin: "130" }, 35703);
    expect(isProblem(margin) && margin.message).toMatch(/margin in percent, from 0 to 100/);
  });
});

describe("the CLV flow's first screen", () => {
  it("offers Build right after the columns, with the settings folded under More and their defaults said", async () => {
    const book = new FakeWorkbook();
    book.addSheet("Orders", [["Order date", "Customer", "Amount"], [35000, "a", 10], [35010, "b", 20], [35020, "a", 15]]);
    book.select("Orders", "A1:C4");
    renderPane(createOfficePort(book.run));
    fireEvent.click(screen.getByRole("button", { name: "Use selected range" }));
    await screen.findByText(/3 purchases/);
    const more = screen.getByRole("button", { name: /^More:/ });
    expect(more.textContent).toBe("More: calibration to the last purchase, no holdout, 52 weeks ahead, discount 0 % a week, margin 100 %");
    expect(screen.queryByRole("textbox", { name: /Horizon/ })).toBeNull();
    const order = screen.getAllByRole("button").map((b) => b.textContent ?? "");
    expect(order.indexOf("Build CLV sheet")).toBeLessThan(order.findIndex((t) => t.startsWith("More:")));
    fireEvent.click(more);
    expect(screen.getByRole("textbox", { name: /Horizon/ })).toBeTruthy();
  });
});

describeWithData("the Customer lifetime value flow", () => {
  it("builds the CLV sheet of the selected log with the published fit, its formulas and the calibration chart", async () => {
    const book = logWorkbook();
    renderPane(createOfficePort(book.run));
    fireEvent.click(screen.getByRole("button", { name: "Use selected range" }));
    expect(await screen.findByText(/Orders!A1:C6920: 6,919 purchases/)).toBeTruthy();
    expect((screen.getByRole("combobox", { name: "Customer id column" }) as HTMLSelectElement).value).toBe("1");
    expect((screen.getByRole("combobox", { name: "Purchase date column" }) as HTMLSelectElement).value).toBe("0");
    type(/End of calibration/, "1997-09-30");
    type(/End of holdout/, "1998-06-30");
    type(/Margin/, "30");
    fireEvent.click(screen.getByRole("button", { name: "Build CLV sheet" }));
    expect(await screen.findByText('Built "Customer lifetime value"', {}, { timeout: 60_000 })).toBeTruthy();
    expect(screen.getByText(/BG\/NBD: r 0\.243, alpha 4\.414, a 0\.793, b 2\.426 \(converged\)/)).toBeTruthy();
    // The holdout headline: 1,882 repeat purchases against 1,653 expected, 12 % under.
    expect(screen.getByText(/1,882 repeat purchases seen, 1,653\.41 expected \(-12\.1 %\), mean absolute error 0\.785 per customer, customers ranked with Spearman's rho 0\.449/)).toBeTruthy();
    // The pane says what the sheet's note says, including that spend is tested net of what
    // Gamma-Gamma itself makes depend on frequency (the adjusted statistic, not raw mean spend).
    // The sheet wraps its notes over the cells of column A; joined, they hold the pane's sentence.
    const said = screen.getByText(/Spend and frequency are not independent/).textContent ?? "";
    expect(said).toMatch(/net of what Gamma-Gamma itself makes depend on frequency/);
    const sheetText = book.sheet("Customer lifetime value").entries().map(([, , c]) => c.value).filter((v) => typeof v === "string").join(" ");
    expect(sheetText).toContain(said);
    const sheet = book.sheet("Customer lifetime value");
    expect(sheet.valueAt("B20")).toBeCloseTo(0.243, 3);
    expect(sheet.valueAt("B16")).toBe(0.3);
    expect(sheet.valueAt("B26")).toBe("converged");
    expect(sheet.formulaAt("I2")).toMatch(/^=IF\(E2=0,1,1\/\(1\+\$B\$22/);
    // Expected purchases follow the horizon cell through the per-period table, as in the CLI's workbook.
    expect(sheet.formulaAt("J2")).toMatch(/^=I2\*SUMPRODUCT\(\$X\$3:\$BW\$3,INDEX\(\$X\$19:\$BW\$\d+,N2,0\)\)$/);
    expect(sheet.formulaAt("X3")).toBe("=IF($B$13>52,NA(),IF(X$1<=$B$13,1,0))");
    // It prints as the CLI's does: the parameters, the table and the summary one page wide, row 1 on every page.
    expect(sheet.pageLayout).toMatchObject({ orientation: "Landscape", zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 }, printArea: "A1:S2358", printTitleRows: "$1:$1" });
    expect(sheet.charts).toHaveLength(1);
    expect(sheet.charts[0]).toMatchObject({ type: "ColumnClustered", series: [{ name: "Actual" }, { name: "Expected (BG/NBD)" }] });
    expect(book.activeSheetId).toBe(sheet.id);
  });

  it("leaves a purchase dated after today out, so that it cannot end the calibration period, and says so", async () => {
    const book = new FakeWorkbook();
    const rows = cdnowLog().map((t) => [t.day, t.id, t.amount]);
    // An export's stray 2204-03-01 (serial 111,295) between the real rows.
    rows.splice(100, 0, [serialOf(2204, 3, 1), rows[100][1], 25]);
    book.addSheet("Orders", [["Order date", "Customer", "Amount"], ...rows]);
    book.select("Orders", `A1:C${rows.length + 1}`);
    renderPane(createOfficePort(book.run));
    fireEvent.click(screen.getByRole("button", { name: "Use selected range" }));
    await screen.findByText(/6,920 purchases/);
    fireEvent.click(screen.getByRole("button", { name: "Build CLV sheet" }));
    expect(await screen.findByText('Built "Customer lifetime value"', {}, { timeout: 60_000 })).toBeTruthy();
    expect(screen.getByText(/^1 row left out \(.*a date outside 1900-03-01 to today\)/)).toBeTruthy();
    const sheet = book.sheet("Customer lifetime value");
    const cell = (label: string) => {
      const row = Array.from({ length: 40 }, (_, i) => i + 1).find((r) => String(sheet.valueAt(`A${r}`)).startsWith(label));
      return row === undefined ? undefined : sheet.valueAt(`B${row}`);
    };
    // CDNOW's last purchase is 1998-06-30: the calibration ends there, not in 2204.
    expect(cell("Calibration: to")).toBe(serialOf(1998, 6, 30));
    expect(cell("Transactions read")).toBe(6919);
    expect(cell("Rows skipped")).toBe(1);
  });

  it("stops at a setting that does not read, names it, and writes nothing", async () => {
    const book = logWorkbook();
    renderPane(createOfficePort(book.run));
    fireEvent.click(screen.getByRole("button", { name: "Use selected range" }));
    await screen.findByText(/6,919 purchases/);
    type(/End of calibration/, "1997-09-30");
    type(/End of holdout/, "1997-01-01");
    fireEvent.click(screen.getByRole("button", { name: "Build CLV sheet" }));
    expect(await screen.findAllByText(/The end of the holdout must come after the end of the calibration period/)).not.toHaveLength(0);
    expect(book.sheets.map((s) => s.name)).toEqual(["Orders"]);
  });

  it("removes the new sheet when a write fails, and says the workbook is as it was", async () => {
    const book = logWorkbook();
    renderPane(createOfficePort(book.run));
    fireEvent.click(screen.getByRole("button", { name: "Use selected range" }));
    await screen.findByText(/6,919 purchases/);
    type(/End of calibration/, "1997-09-30");
    book.failOn = (op) => op.name === "freezePanes.freezeRows";
    fireEvent.click(screen.getByRole("button", { name: "Build CLV sheet" }));
    expect(await screen.findByText(/The new sheet was removed: the workbook is as it was/, {}, { timeout: 60_000 })).toBeTruthy();
    await waitFor(() => expect(book.sheets.map((s) => s.name)).toEqual(["Orders"]));
  });
});
