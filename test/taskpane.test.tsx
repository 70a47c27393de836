/** @jest-environment jsdom */
// The task pane rendered in jsdom against the real WorkbookPort over the in-memory Excel fake
// (and against stub ports for failures): the flow, the mapping dropdowns, the error bars.
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { createOfficePort } from "../src/excel/officePort";
import type { WorkbookPort } from "../src/excel/port";
import { App, FLOWS } from "../src/taskpane/App";
import { readNumberText, specFromForm, formFromSpec, EMPTY_FORM, EMPTY_KPI_FIELDS } from "../src/taskpane/form";
import { themeFor } from "../src/taskpane/theme";
import { MARKER_KEY } from "../src/excel/cells";
import { FakeWorkbook } from "./fakes/excel";
import { installFluentDomShims } from "./helpers/fluentDom";
import { cochran, skewnessOfValues } from "./helpers/cochran";
import { mulberry32 } from "../scripts/random.cjs";

beforeAll(installFluentDomShims);

const HEADERS = ["How likely are you to recommend us?", "How satisfied were you?", "Region", "Customer email"];
const ROWS: (string | number)[][] = [
  [10, 5, "North", "a@x.org"],
  [9, 4, "North", "b@x.org"],
  [6, 2, "South", "c@x.org"],
  [8, 4, "South", "d@x.org"],
  [0, 1, "North", "e@x.org"],
  [10, 5, "South", "f@x.org"],
  [7, 3, "North", "g@x.org"],
  [9, 5, "South", "h@x.org"],
];

function surveyWorkbook(): FakeWorkbook {
  const book = new FakeWorkbook();
  book.addSheet("Survey", [HEADERS, ...ROWS]);
  book.select("Survey", `A1:D${ROWS.length + 1}`);
  return book;
}

function renderPane(port: WorkbookPort | null) {
  return render(
    <FluentProvider theme={webLightTheme}>
      <App port={port} now={() => new Date("2025-05-01T12:00:00Z")} />
    </FluentProvider>,
  );
}

const text = (el: Element) => el.textContent ?? "";
const disabled = (el: Element) => el.hasAttribute("disabled") || el.getAttribute("aria-disabled") === "true";

async function chooseOption(label: RegExp, option: string) {
  const box = screen.getByRole("combobox", { name: label });
  fireEvent.click(box);
  const listbox = await screen.findByRole("listbox");
  fireEvent.click(within(listbox).getByRole("option", { name: option }));
  await waitFor(() => expect(text(box)).toContain(option));
}

describe("the scorecard pane", () => {
  it("proposes a role per column as a labelled dropdown after 'Use selected range'", async () => {
    renderPane(createOfficePort(surveyWorkbook().run));
    fireEvent.click(screen.getByRole("button", { name: "Use selected range" }));
    expect(text(await screen.findByRole("combobox", { name: /Column A: How likely/ }))).toContain("NPS answers (0-10)");
    expect(text(screen.getByRole("combobox", { name: /Column B: How satisfied/ }))).toContain("CSAT answers (1-5)");
    expect(text(screen.getByRole("combobox", { name: /Column C: Region/ }))).toContain("Segment");
    expect(text(screen.getByRole("combobox", { name: /Column D: Customer email/ }))).toContain("Not used");
    expect(screen.getByText(/Survey!A1:D9: 8 rows, 4 columns/)).toBeTruthy();
    // The KPIs the mapping gives, with their default bands.
    expect(screen.getByRole("group", { name: /Net Promoter Score \(NPS\)/ })).toBeTruthy();
    expect(screen.getByRole("group", { name: /Customer Satisfaction.*\(CSAT\)/ })).toBeTruthy();
  });

  it("builds after a mapping is changed, and the workbook holds the scorecard", async () => {
    const book = surveyWorkbook();
    renderPane(createOfficePort(book.run));
    fireEvent.click(screen.getByRole("button", { name: "Use selected range" }));
    await screen.findByRole("combobox", { name: /Column A/ });
    await chooseOption(/Column B: How satisfied/, "Not used");
    await waitFor(() => expect(screen.queryByRole("group", { name: /\(CSAT\)/ })).toBeNull());
    fireEvent.click(screen.getByRole("radio", { name: /^Values/ }));
    fireEvent.click(screen.getByRole("button", { name: "Build new sheet" }));
    expect(await screen.findByText('Built "KPI Scorecard"')).toBeTruthy();
    const sheet = book.sheet("KPI Scorecard");
    expect(sheet.customProperties.get(MARKER_KEY)).toMatch(/^scorecard:/);
    // NPS of 10,9,6,8,0,10,7,9: 4 promoters, 2 detractors of 8 = 25 points; no CSAT row.
    const numbers = sheet.entries().map(([, , c]) => c.value);
    expect(numbers).toContain(25);
    expect(JSON.stringify(sheet.grid())).not.toMatch(/Customer Satisfaction/);
    expect(text(screen.getByRole("table"))).toMatch(/Net Promoter Score.*25\.0/);
    // 8 answers: shown with their interval and n, but too few to band.
    expect(text(screen.getByRole("table"))).toMatch(/25\.0.*to.*8n < 30: too few to judge/);
    // Rebuild is now offered, for this sheet only.
    expect(disabled(screen.getByRole("button", { name: "Rebuild “KPI Scorecard”" }))).toBe(false);
  });

  it("marks the CPI's interval conservative in the results, beside the sample KPIs' 95% intervals", async () => {
    const book = surveyWorkbook();
    renderPane(createOfficePort(book.run));
    fireEvent.click(screen.getByRole("button", { name: "Use selected range" }));
    await screen.findByRole("combobox", { name: /Column A/ });
    fireEvent.click(screen.getByRole("button", { name: "Build new sheet" }));
    expect(await screen.findByText('Built "KPI Scorecard"')).toBeTruthy();
    // The results table (the targets step also shows one: the CPI's inputs).
    const results = screen.getAllByRole("table").find((t) => /95% interval/.test(text(t))) as HTMLElement;
    const rows = results.querySelectorAll("tbody tr");
    const line = (title: RegExp) => text([...rows].find((r) => title.test(text(r.querySelector("th") as HTMLElement))) as HTMLElement);
    expect(line(/Customer Performance Index/)).toMatch(/\d to \d+\.\d\*/);
    expect(line(/Net Promoter Score/)).toMatch(/\d to \d/);
    expect(line(/Net Promoter Score/)).not.toMatch(/\*/);
    // The asterisk's footnote under the table says what it means.
    expect(screen.getByText(/^\* Conservative: it holds the true value whenever each of its components/)).toBeTruthy();
  });

  it("lists the differences that hold in page 1's sentences, the same lines the sheet's key findings show", async () => {
    // 4 regions of 200 answers; South's promoters are rarer and its detractors commoner.
    const rand = mulberry32(11);
    const regions = ["East", "North", "South", "West"];
    const rows = Array.from({ length: 800 }, (_, k) => {
      const region = regions[k % 4];
      const r = rand();
      const score = region === "South" ? (r < 0.2 ? 10 : r < 0.5 ? 8 : 3) : r < 0.45 ? 10 : r < 0.8 ? 8 : 3;
      return [region, score];
    });
    const book = new FakeWorkbook();
    book.addSheet("Answers", [["Region", "How likely are you to recommend us? (0-10)"], ...rows]);
    book.select("Answers", `A1:B${rows.length + 1}`);
    renderPane(createOfficePort(book.run));
    fireEvent.click(screen.getByRole("button", { name: "Use selected range" }));
    await screen.findByRole("combobox", { name: /Column B:/ });
    fireEvent.click(screen.getByRole("radio", { name: /^Values/ }));
    fireEvent.click(screen.getByRole("button", { name: "Build new sheet" }));
    await screen.findByText('Built "KPI Scorecard"');
    const items = within(screen.getByRole("list", { name: /Differences that hold/ })).getAllByRole("listitem").map(text);
    // South against the rest, computed here from the answers: NPS = % promoters (9-10) - % detractors (0-6).
    const npsOf = (xs: number[]) => (100 * (xs.filter((x) => x >= 9).length - xs.filter((x) => x <= 6).length)) / xs.length;
    const south = npsOf(rows.filter((r) => r[0] === "South").map((r) => r[1] as number));
    const rest = npsOf(rows.filter((r) => r[0] !== "South").map((r) => r[1] as number));
    const line = items.find((t) => t.includes("South:"));
    expect(line).toMatch(new RegExp(`^▼ South: NPS ${south.toFixed(1)}, ${(rest - south).toFixed(1)} points below the rest of the sample \\(n 200; adjusted p (< 0\\.0001|0\\.\\d{3,4})\\)$`));
    // The same lines, in the same order, as the sheet's page 1 (values mode: its cells hold the text).
    const sheet = book.sheet("KPI Scorecard");
    const column = Array.from({ length: 40 }, (_, r) => sheet.cell(r, 0)?.value).map((v) => (typeof v === "string" ? v : ""));
    const heading = column.findIndex((t) => t.startsWith("Key findings:"));
    expect(heading).toBeGreaterThanOrEqual(0);
    expect(column.slice(heading + 1, heading + 1 + Math.min(5, items.length))).toEqual(items.slice(0, 5));
  });

  it("names the comparisons too skewed to test after a build, with the n each would need (Cochran's rule by hand)", async () => {
    // Order values with a long right tail (lognormal, sigma 1.5): Big 300, Mid 200, Small 40.
    const rand = mulberry32(5);
    const sizes: [string, number][] = [["Big", 300], ["Mid", 200], ["Small", 40]];
    const rows = sizes.flatMap(([region, n]) =>
      Array.from({ length: n }, () => [region, Math.round(Math.exp(4 + 1.5 * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand())) * 100) / 100]),
    );
    const book = new FakeWorkbook();
    book.addSheet("Orders", [["Region", "Order value"], ...rows]);
    book.select("Orders", `A1:B${rows.length + 1}`);
    renderPane(createOfficePort(book.run));
    fireEvent.click(screen.getByRole("button", { name: "Use selected range" }));
    expect(text(await screen.findByRole("combobox", { name: /Column B: Order value/ }))).toMatch(/revenue/i);
    fireEvent.click(screen.getByRole("radio", { name: /^Values/ }));
    fireEvent.click(screen.getByRole("button", { name: "Build new sheet" }));
    await screen.findByText('Built "KPI Scorecard"');
    const g1 = skewnessOfValues(rows.map((r) => r[1] as number));
    const small = cochran(g1, 40, rows.length - 40);
    expect(small.tested).toBe(false);
    const list = screen.getByRole("list", { name: /Not tested, too skewed for the normal curve/ });
    expect(text(list)).toContain(`Revenue per customer, Region: Small against the rest of the sample: too skewed to test at n 40; needs ${small.needs.toLocaleString("en-US")}`);
    // As many lines as Cochran's rule by hand leaves untested, and none of them marked.
    const untested = sizes.filter(([, n]) => !cochran(g1, n, rows.length - n).tested);
    expect(within(list).getAllByRole("listitem")).toHaveLength(untested.length);
    expect(screen.queryByRole("list", { name: /Differences that hold/ })?.textContent ?? "").not.toMatch(/Region: Small/);
  });

  it("shows the Customer Performance Index's inputs under the columns, and a CPI weight typed under Targets moves them", async () => {
    renderPane(createOfficePort(surveyWorkbook().run));
    fireEvent.click(screen.getByRole("button", { name: "Use selected range" }));
    const inputs = await screen.findByRole("table", { name: "Customer Performance Index inputs" });
    // NPS and CSAT with their default worst..best (green scores 80, amber 60) and weight 1.
    expect(text(inputs)).toMatch(/Net Promoter Score \(NPS\)-1501001/);
    expect(text(inputs)).toMatch(/Customer Satisfaction.*0\.40\.91/);
    const nps = screen.getByRole("group", { name: /Net Promoter Score \(NPS\)/ });
    openMore(nps);
    const weight = within(nps).getByRole("textbox", { name: "CPI weight" });
    expect(weight.getAttribute("placeholder")).toBe("1");
    fireEvent.change(weight, { target: { value: "3" } });
    await waitFor(() => expect(text(inputs)).toMatch(/Net Promoter Score \(NPS\)-1501003/));
    // The CPI itself asks for no weight.
    const cpiGroup = screen.getByRole("group", { name: /Customer Performance Index \(CPI\)/ });
    openMore(cpiGroup);
    expect(within(cpiGroup).queryByRole("textbox", { name: "CPI weight" })).toBeNull();
  });

  it("shows every read failure in an error MessageBar", async () => {
    const broken: WorkbookPort = {
      ...createOfficePort(surveyWorkbook().run),
      readSelection: () => Promise.reject(Object.assign(new Error("The current selection is invalid for this operation."), { code: "InvalidSelection" })),
    };
    renderPane(broken);
    fireEvent.click(screen.getByRole("button", { name: "Use selected range" }));
    expect(await screen.findByText("The selection could not be read")).toBeTruthy();
    expect(screen.getByText(/The current selection is invalid for this operation\. \(InvalidSelection\)/)).toBeTruthy();
  });

  it("shows a failed build in an error MessageBar, and the workbook keeps no new sheet", async () => {
    const book = surveyWorkbook();
    renderPane(createOfficePort(book.run));
    fireEvent.click(screen.getByRole("button", { name: "Use selected range" }));
    await screen.findByRole("combobox", { name: /Column A/ });
    const before = book.sheets.map((s) => s.name);
    book.failOn = (op) => op.name === "conditionalFormats.add";
    fireEvent.click(screen.getByRole("button", { name: "Build new sheet" }));
    expect(await screen.findByText("The scorecard could not be built")).toBeTruthy();
    expect(screen.getByText(/injected failure at conditionalFormats\.add.*left as it was/)).toBeTruthy();
    expect(book.sheets.map((s) => s.name)).toEqual(before);
    expect(screen.queryByRole("progressbar")).toBeNull();
  });

  it("shows a warning beside the success when Excel refuses only the page setup, and keeps the scorecard", async () => {
    const book = surveyWorkbook();
    renderPane(createOfficePort(book.run));
    fireEvent.click(screen.getByRole("button", { name: "Use selected range" }));
    await screen.findByRole("combobox", { name: /Column A/ });
    book.failOn = (op) => op.name === "pageLayout.setPrintArea";
    fireEvent.click(screen.getByRole("button", { name: "Build new sheet" }));
    expect(await screen.findByText(/^Built "/)).toBeTruthy();
    expect(screen.getByText("Built, with one step refused")).toBeTruthy();
    expect(screen.getByText(/Excel refused the page setup \(.*pageLayout\.setPrintArea.*\)\. The scorecard is complete/)).toBeTruthy();
    expect(book.sheets.map((s) => s.name)).toContain("KPI Scorecard");
  });

  it("refuses inputs that are not numbers, naming the field", async () => {
    renderPane(createOfficePort(surveyWorkbook().run));
    fireEvent.click(screen.getByRole("button", { name: "Use selected range" }));
    await screen.findByRole("combobox", { name: /Column A/ });
    const nps = screen.getByRole("group", { name: /\(NPS\)/ });
    fireEvent.change(within(nps).getByRole("textbox", { name: "Target" }), { target: { value: "sixty" } });
    fireEvent.click(screen.getByRole("button", { name: "Build new sheet" }));
    expect(await screen.findByText("Some inputs are not numbers")).toBeTruthy();
    expect(screen.getAllByText("NPS target must be a number").length).toBeGreaterThanOrEqual(1);
  });

  it("takes an aggregate input from the selected cell", async () => {
    const book = surveyWorkbook();
    book.addSheet("Figures", [["Customers at start", 1250]]);
    renderPane(createOfficePort(book.run));
    fireEvent.click(screen.getByRole("button", { name: "Use selected range" }));
    await screen.findByRole("combobox", { name: /Column A/ });
    fireEvent.click(screen.getByRole("button", { name: /Customer figures/ }));
    book.select("Figures", "B1");
    fireEvent.click(await screen.findByRole("button", { name: "Use selected cell for Customers at start" }));
    await waitFor(() => expect((screen.getByRole("textbox", { name: "Customers at start" }) as HTMLInputElement).value).toBe("1250"));
    expect(screen.getByText("From Figures!B1")).toBeTruthy();
    // A cell without a number is refused with a message.
    book.select("Survey", "C2");
    fireEvent.click(screen.getByRole("button", { name: "Use selected cell for Customers lost" }));
    expect(await screen.findByText(/Customers lost: no number in Survey!C2/)).toBeTruthy();
  });

  it("reopens with the stored spec and rebuilds only the add-in's sheet", async () => {
    const book = surveyWorkbook();
    const port = createOfficePort(book.run);
    const first = renderPane(port);
    fireEvent.click(screen.getByRole("button", { name: "Use selected range" }));
    await screen.findByRole("combobox", { name: /Column A/ });
    fireEvent.click(screen.getByRole("button", { name: "Build new sheet" }));
    await screen.findByText('Built "KPI Scorecard"');
    first.unmount();
    book.addSheet("Notes", [["the user's"]]);

    renderPane(port);
    expect(await screen.findByText(/"KPI Scorecard" was built on/)).toBeTruthy();
    expect(text(await screen.findByRole("combobox", { name: /Column C: Region/ }))).toContain("Segment");
    const rebuild = screen.getByRole("button", { name: "Rebuild “KPI Scorecard”" });
    await waitFor(() => expect(disabled(rebuild)).toBe(false));
    await act(async () => {
      fireEvent.click(rebuild);
    });
    expect(await screen.findByText('Rebuilt "KPI Scorecard"')).toBeTruthy();
    expect(book.sheets.map((s) => s.name).sort()).toEqual(["KPI Scorecard", "KPI_Spec", "Notes", "Survey"]);
  });

  it("labels every control", async () => {
    renderPane(createOfficePort(surveyWorkbook().run));
    fireEvent.click(screen.getByRole("button", { name: "Use selected range" }));
    await screen.findByRole("combobox", { name: /Column A/ });
    fireEvent.click(screen.getByRole("button", { name: /Customer figures/ }));
    await screen.findByRole("textbox", { name: "Customers at start" });
    const controls = [...screen.getAllByRole("combobox"), ...screen.getAllByRole("textbox"), ...screen.getAllByRole("radio"), ...screen.getAllByRole("button")];
    expect(controls.length).toBeGreaterThan(30);
    for (const control of controls) {
      const labelled =
        control.getAttribute("aria-label") ||
        control.getAttribute("aria-labelledby") ||
        (control.id && document.querySelector(`label[for="${control.id}"]`)) ||
        control.closest("label") ||
        control.textContent?.trim();
      expect({ control: control.outerHTML.slice(0, 80), labelled: Boolean(labelled) }).toEqual({ control: control.outerHTML.slice(0, 80), labelled: true });
    }
  });

  it("offers a switch between flows only when it has more than one, and shows the chosen one", async () => {
    const first = render(
      <FluentProvider theme={webLightTheme}>
        <App port={null} flows={[FLOWS[0]]} />
      </FluentProvider>,
    );
    expect(screen.queryByRole("tablist")).toBeNull();
    first.unmount();
    // The pane as shipped offers the scorecard and customer lifetime value.
    expect(FLOWS.map((f) => f.label)).toEqual(["KPI scorecard", "Customer lifetime value"]);
    const other = () => <p>The other flow</p>;
    render(
      <FluentProvider theme={webLightTheme}>
        <App port={null} flows={[FLOWS[0], { id: "other", label: "Something else", component: other }]} />
      </FluentProvider>,
    );
    expect(screen.getByRole("button", { name: "Use selected range" })).toBeTruthy();
    fireEvent.click(screen.getByRole("tab", { name: "Something else" }));
    expect(await screen.findByText("The other flow")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Use selected range" })).toBeNull();
  });

  it("tells Build from Rebuild: Rebuild names the sheet it replaces and says what Undo does", async () => {
    const book = surveyWorkbook();
    renderPane(createOfficePort(book.run));
    fireEvent.click(screen.getByRole("button", { name: "Use selected range" }));
    await screen.findByRole("combobox", { name: /Column A/ });
    expect(screen.queryByRole("button", { name: /^Rebuild/ })).toBeNull();
    const build = screen.getByRole("button", { name: "Build new sheet" });
    const described = () => document.getElementById(build.getAttribute("aria-describedby") ?? "")?.textContent ?? "";
    expect(described()).toMatch(/adds a scorecard sheet and changes nothing else/);
    fireEvent.click(build);
    await screen.findByText('Built "KPI Scorecard"');
    const rebuild = screen.getByRole("button", { name: "Rebuild “KPI Scorecard”" });
    expect(rebuild.getAttribute("aria-describedby")).toBe(build.getAttribute("aria-describedby"));
    expect(described()).toMatch(/Rebuild rewrites "KPI Scorecard" in place with the current data and settings: the same sheet, so formulas and charts elsewhere that point at it keep working/);
    expect(described()).toMatch(/Build new sheet leaves "KPI Scorecard" as it is/);
    // The fake says nothing of undo grouping: the pane says what to do instead.
    expect(described()).toMatch(/cannot group a build into one undo step.*delete its sheet; a rebuild cannot be undone/);
    // Rebuild is the main action once there is a sheet to rebuild; it comes first.
    const buttons = screen.getAllByRole("button").map((b) => b.textContent);
    expect(buttons.indexOf("Rebuild “KPI Scorecard”")).toBeLessThan(buttons.indexOf("Build new sheet"));
  });

  it("says that one Undo takes a build back where the port says Excel groups it", async () => {
    const port: WorkbookPort = { ...createOfficePort(surveyWorkbook().run), capabilities: { undoBuild: true } };
    renderPane(port);
    fireEvent.click(screen.getByRole("button", { name: "Use selected range" }));
    await screen.findByRole("combobox", { name: /Column A/ });
    const build = screen.getByRole("button", { name: "Build new sheet" });
    const described = document.getElementById(build.getAttribute("aria-describedby") ?? "")?.textContent ?? "";
    expect(described).toMatch(/One Undo \(Ctrl\+Z\) straight after a build or a rebuild takes the whole of it back/);
    expect(described).not.toMatch(/cannot group/);
  });

  it("shows the default thresholds of a share in percent, as the user types them", async () => {
    renderPane(createOfficePort(surveyWorkbook().run));
    fireEvent.click(screen.getByRole("button", { name: "Use selected range" }));
    const csat = await screen.findByRole("group", { name: /\(CSAT\)/ });
    expect(text(csat)).toMatch(/green at 80\.0%, amber at 70\.0%/);
    openMore(csat);
    expect(within(csat).getByRole("textbox", { name: "Green threshold" }).getAttribute("placeholder")).toBe("80%");
    expect(within(csat).getByRole("textbox", { name: "Amber threshold" }).getAttribute("placeholder")).toBe("70%");
    const nps = screen.getByRole("group", { name: /\(NPS\)/ });
    openMore(nps);
    expect(within(nps).getByRole("textbox", { name: "Green threshold" }).getAttribute("placeholder")).toBe("50");
  });

  it("shows per KPI only its target, the rest under More with its defaults, opened by itself on a value or a refusal", async () => {
    renderPane(createOfficePort(surveyWorkbook().run));
    fireEvent.click(screen.getByRole("button", { name: "Use selected range" }));
    const nps = await screen.findByRole("group", { name: /\(NPS\)/ });
    expect(within(nps).getAllByRole("textbox").map((t) => t.getAttribute("id"))).toEqual(["kpi-NPS-target"]);
    expect(within(nps).getByRole("button", { name: /^More:/ }).textContent).toBe("More: target date, baseline, benchmark; green at 50, amber at 0; CPI weight 1");
    // Build sits above the columns and targets, as soon as there is a selection.
    const buttons = screen.getAllByRole("button").map((b) => b.textContent ?? "");
    expect(buttons.indexOf("Build new sheet")).toBeLessThan(buttons.findIndex((t) => t.startsWith("More:")));
    expect(screen.getByRole("region", { name: "Build" }).textContent).toMatch(/^Builds CPI, NPS and CSAT by Region\./);
    // A refused value in a folded field opens the fold, so the refusal shows where it is.
    openMore(nps);
    fireEvent.change(within(nps).getByRole("textbox", { name: "Green threshold" }), { target: { value: "150" } });
    openMore(nps); // folded again by the user: the value keeps it open
    expect(within(nps).getByRole("textbox", { name: "Green threshold" })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Build new sheet" }));
    expect(await within(nps).findByText("NPS green threshold: 150 is off the scale of NPS, -100 to 100 points")).toBeTruthy();
  });

  it("says so outside Excel", () => {
    renderPane(null);
    expect(screen.getByText("Excel is not available: open this in Excel")).toBeTruthy();
    expect(disabled(screen.getByRole("button", { name: "Use selected range" }))).toBe(true);
  });
});

/** Opens the "More" fold of a KPI's settings. */
function openMore(group: HTMLElement): void {
  fireEvent.click(within(group).getByRole("button", { name: /^More:/ }));
}

describe("the pane's form and theme", () => {
  it("reads numbers as people type them", () => {
    expect(readNumberText(" 1,200 ")).toBe(1200);
    expect(readNumberText("80%")).toBeCloseTo(0.8, 12);
    expect(readNumberText("-0.5")).toBe(-0.5);
    expect(readNumberText("")).toBeUndefined();
    expect(readNumberText("12abc")).toBeNull();
  });

  it("takes a KPI's CPI weight, worst and best into the spec, and refuses a negative weight", () => {
    const source = { sheet: "Survey", address: "A1:D9" };
    const form = (cpiWeight: string) => ({ ...EMPTY_FORM, roles: ["nps" as const, "csat" as const, null, null], kpis: { NPS: { ...EMPTY_KPI_FIELDS, cpiWeight, cpiWorst: "-100", cpiBest: "80" } } });
    expect(specFromForm(source, HEADERS, form("2")).spec.kpis).toEqual({ NPS: { cpiWeight: 2, cpiWorst: -100, cpiBest: 80 } });
    expect(specFromForm(source, HEADERS, form("-1")).problems).toEqual([{ field: "kpi-NPS-cpiWeight", message: "NPS CPI weight cannot be negative (0 leaves it out)" }]);
  });

  it("asks for \"What detractors say\" in the spec when ticked, and reads it back from a stored spec", () => {
    const source = { sheet: "Survey", address: "A1:D9" };
    const form = { ...EMPTY_FORM, roles: ["nps" as const, null, null, "sentiment" as const] };
    expect(specFromForm(source, HEADERS, form).spec.themes).toBeUndefined();
    const ticked = specFromForm(source, HEADERS, { ...form, themes: true }).spec;
    expect(ticked.themes).toBe(true);
    expect(formFromSpec(ticked, 4).themes).toBe(true);
  });

  it("turns the form into a spec with only the mapped columns", () => {
    const source = { sheet: "Survey", address: "A1:D9" };
    const { spec, problems } = specFromForm(source, HEADERS, {
      ...EMPTY_FORM,
      roles: ["nps", null, "segment", null],
      aggregates: { customersStart: "1000", customersLost: "x" },
      kpis: { NPS: { ...EMPTY_KPI_FIELDS, target: "65", targetDate: "2027-06-30" } },
    });
    expect(spec.columns).toEqual([
      { index: 0, header: HEADERS[0], role: "nps" },
      { index: 2, header: HEADERS[2], role: "segment" },
    ]);
    expect(spec.aggregates).toEqual({ customersStart: 1000 });
    expect(spec.kpis).toEqual({ NPS: { target: 65, targetDate: "2027-06-30" } });
    expect(problems).toEqual([{ field: "aggregate-customersLost", message: "Customers lost must be a number" }]);
  });

  it("takes the minimum n and q into the spec, and names them when they are not readable", () => {
    const source = { sheet: "Survey", address: "A1:D9" };
    const ok = specFromForm(source, HEADERS, { ...EMPTY_FORM, roles: ["nps", null, null, null], minN: "50", fdrQ: "10%" });
    expect([ok.spec.minN, ok.spec.fdrQ, ok.problems]).toEqual([50, 0.1, []]);
    const bad = specFromForm(source, HEADERS, { ...EMPTY_FORM, roles: ["nps", null, null, null], minN: "2.5", fdrQ: "1.5" });
    expect(bad.problems.map((p) => p.message)).toEqual([
      "Minimum n must be a whole number of 0 or more",
      "False discovery rate must be a fraction between 0 and 1, such as 0.05 or 5%",
    ]);
    expect([bad.spec.minN, bad.spec.fdrQ]).toEqual([undefined, undefined]);
  });

  it("reads a share's settings as percentages or fractions, and refuses one off its scale", () => {
    const source = { sheet: "Survey", address: "A1:D9" };
    const fields = (green: string, amber: string, target = "") => ({ ...EMPTY_KPI_FIELDS, target, green, amber });
    const ok = specFromForm(source, HEADERS, { ...EMPTY_FORM, roles: [null, "csat", null, null], kpis: { CSAT: fields("85", "70%", "0.9") } });
    expect([ok.spec.kpis.CSAT, ok.problems]).toEqual([{ target: 0.9, green: 0.85, amber: 0.7 }, []]);
    const bad = specFromForm(source, HEADERS, { ...EMPTY_FORM, roles: [null, "csat", null, null], kpis: { CSAT: fields("150", "") } });
    expect(bad.problems).toEqual([{ field: "kpi-CSAT-green", message: "CSAT green threshold: 150 is off the scale of CSAT, a share from 0 to 1 (for example 0.85 or 85%)" }]);
    // A stored spec comes back in the unit the user types.
    expect(formFromSpec(ok.spec, HEADERS.length).kpis.CSAT).toEqual(fields("85%", "70%", "90%"));
  });

  it("refuses a percent target for NPS and a target off the KPI's scale, naming the field", () => {
    const source = { sheet: "Survey", address: "A1:D9" };
    const target = (t: string) => ({ ...EMPTY_KPI_FIELDS, target: t });
    const { problems } = specFromForm(source, HEADERS, {
      ...EMPTY_FORM,
      roles: ["nps", "csat", "ces", null],
      kpis: { NPS: target("40%"), CSAT: target("850%"), CES: target("8") },
    });
    expect(problems).toEqual([
      { field: "kpi-NPS-target", message: "NPS target: 40% is a percentage, but NPS is in points from -100 to 100: write 40 without %" },
      { field: "kpi-CSAT-target", message: "CSAT target: 850% is off the scale of CSAT, a share from 0% to 100%" },
      { field: "kpi-CES-target", message: "CES target: 8 is off the scale of CES, 1 to 7" },
    ]);
  });

  it("follows Office's theme, light or dark", () => {
    expect(themeFor({ isDarkTheme: true })).not.toBe(themeFor({ isDarkTheme: false }));
    expect(themeFor({ bodyBackgroundColor: "#1f1f1f" })).toBe(themeFor({ isDarkTheme: true }));
    expect(themeFor({ bodyBackgroundColor: "#ffffff" })).toBe(themeFor(null));
  });
});
