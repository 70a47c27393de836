/** @jest-environment jsdom */
// The pane's "What moves NPS" step against the in-memory Excel fake: what it proposes from the
// detected columns, how the user changes the outcome and the drivers, what Build writes and says
// (the figures, a near-duplicate's warning), and the form's drivers as a spec and back.
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { createOfficePort } from "../src/excel/officePort";
import { driverChoice, driversOf, EMPTY_FORM, formFromSpec, PROPOSED_DRIVERS, specFromForm } from "../src/taskpane/form";
import type { FakeWorkbook } from "./fakes/excel";
import { survey } from "./helpers/driverSurvey";
import { installFluentDomShims } from "./helpers/fluentDom";
import { chooseOption, renderPane as renderOver, surveyBook } from "./helpers/pane";

beforeAll(installFluentDomShims);

/** The key-driver survey (NPS, overall satisfaction, effort, resolved, agent, speed, pricing, region), optionally with a near copy of speed. */
function book(twin = false): FakeWorkbook {
  const data = survey();
  const headers = twin ? [...data.headers, "Speed again (1-5)"] : data.headers;
  const rows = data.rows.map((r, i) => (twin ? [...r, typeof r[5] === "number" && i % 9 !== 0 ? r[5] : 3] : r));
  return surveyBook(headers, rows as (string | number)[][]);
}

function renderPane(b: FakeWorkbook) {
  renderOver(createOfficePort(b.run));
}

/** The rows of the "What moves" page's driver table (between its header and the average row). */
function driverTable(b: FakeWorkbook): unknown[][] {
  const grid = b.sheet("KPI Scorecard").grid();
  const start = grid.findIndex((row) => row[0] === "Driver");
  const end = grid.findIndex((row, i) => i > start && row[0] === "Average (splits the quadrants)");
  expect(start).toBeGreaterThan(0);
  return grid.slice(start + 1, end);
}

const checked = (name: string) => (screen.getByRole("checkbox", { name }) as HTMLInputElement).checked;

describe("the pane's key-driver step", () => {
  jest.setTimeout(60_000);

  it("proposes NPS as the outcome and the other survey scores as drivers, not the overall rating, and builds the block", async () => {
    const b = book();
    renderPane(b);
    fireEvent.click(screen.getByRole("button", { name: "Use selected range" }));
    const step = (await screen.findByRole("heading", { name: "5. What moves NPS" })).closest("section") as HTMLElement;
    expect(checked("Add “What moves NPS”")).toBe(true);
    expect(within(step).getByRole("combobox", { name: "Outcome" }).textContent).toContain("Recommend (0-10)");
    for (const d of ["Effort (1-7)", "Resolved?", "Agent (1-5)", "Speed (1-5)", "Pricing (1-5)"]) expect(checked(d)).toBe(true);
    expect(checked("Overall satisfaction (1-5)")).toBe(false);
    // A segment is no driver.
    expect(within(step).queryByRole("checkbox", { name: "Region" })).toBeNull();
    fireEvent.click(screen.getByRole("checkbox", { name: "Pricing (1-5)" }));
    await waitFor(() => expect(checked("Pricing (1-5)")).toBe(false));
    fireEvent.click(screen.getByRole("radio", { name: /^Values/ }));
    fireEvent.click(screen.getByRole("button", { name: "Build new sheet" }));
    expect(await screen.findByText('Built "KPI Scorecard"', {}, { timeout: 30_000 })).toBeTruthy();
    const results = screen.getByRole("list", { name: /What moves NPS \(R² 0\.\d\d, \d+ rows with every driver answered\)/ });
    const items = within(results).getAllByRole("listitem").map((li) => li.textContent ?? "");
    expect(items).toHaveLength(4);
    expect(items[0]).toMatch(/^Speed \(1-5\): \d+\.\d% of R², top-2 box \d+%: /);
    // The page's driver table holds the four drivers chosen, in the pane's order and with its shares.
    const table = driverTable(b);
    expect(table.map((r) => r[0])).toEqual(items.map((item) => item.split(":")[0]));
    expect(table.map((r) => r[0])).not.toContain("Pricing (1-5)");
    table.forEach((r, k) => expect(items[k]).toContain(`${((r[4] as number) * 100).toFixed(1)}% of R²`));
  });

  it("takes another outcome chosen in the dropdown: CSAT explained by the drivers, NPS not among them", async () => {
    const b = book();
    renderPane(b);
    fireEvent.click(screen.getByRole("button", { name: "Use selected range" }));
    await screen.findByRole("heading", { name: "5. What moves NPS" });
    await chooseOption(/^Outcome/, "Overall satisfaction (1-5)");
    expect(await screen.findByRole("heading", { name: "5. What moves CSAT" })).toBeTruthy();
    expect(screen.queryByRole("checkbox", { name: "Overall satisfaction (1-5)" })).toBeNull();
    expect(checked("Recommend (0-10)")).toBe(false);
    fireEvent.click(screen.getByRole("radio", { name: /^Values/ }));
    fireEvent.click(screen.getByRole("button", { name: "Build new sheet" }));
    await screen.findByText('Built "KPI Scorecard"', {}, { timeout: 30_000 });
    const grid = b.sheet("KPI Scorecard").grid();
    expect(grid.some((row) => row[0] === "What moves CSAT")).toBe(true);
    expect(driverTable(b).map((r) => r[0]).sort()).toEqual(["Agent (1-5)", "Effort (1-7)", "Pricing (1-5)", "Resolved?", "Speed (1-5)"]);
  });

  it("leaves the block out when unticked, and needs two drivers", async () => {
    const b = book();
    renderPane(b);
    fireEvent.click(screen.getByRole("button", { name: "Use selected range" }));
    await screen.findByRole("heading", { name: "5. What moves NPS" });
    for (const d of ["Effort (1-7)", "Resolved?", "Agent (1-5)", "Speed (1-5)"]) fireEvent.click(screen.getByRole("checkbox", { name: d }));
    expect(await screen.findByText("Choose at least two drivers.")).toBeTruthy();
    fireEvent.click(screen.getByRole("checkbox", { name: "Add “What moves NPS”" }));
    await waitFor(() => expect(screen.queryByRole("combobox", { name: "Outcome" })).toBeNull());
    fireEvent.click(screen.getByRole("radio", { name: /^Values/ }));
    fireEvent.click(screen.getByRole("button", { name: "Build new sheet" }));
    await screen.findByText('Built "KPI Scorecard"', {}, { timeout: 30_000 });
    expect(JSON.stringify(b.sheet("KPI Scorecard").grid())).not.toContain("What moves");
  });

  it("warns beside the success about two drivers the data cannot tell apart", async () => {
    const b = book(true);
    renderPane(b);
    fireEvent.click(screen.getByRole("button", { name: "Use selected range" }));
    await screen.findByRole("heading", { name: "5. What moves NPS" });
    if (!checked("Speed again (1-5)")) fireEvent.click(screen.getByRole("checkbox", { name: "Speed again (1-5)" }));
    fireEvent.click(screen.getByRole("radio", { name: /^Values/ }));
    fireEvent.click(screen.getByRole("button", { name: "Build new sheet" }));
    await screen.findByText('Built "KPI Scorecard"', {}, { timeout: 30_000 });
    expect(screen.getAllByText(/Speed \(1-5\) and Speed again \(1-5\) correlate 0\.9\d: the data cannot tell their importance apart/).length).toBeGreaterThan(0);
  });
});

describe("themes as drivers in the pane", () => {
  jest.setTimeout(60_000);

  /** The key-driver survey with a comment: a slow answer (speed 1 or 2) says it waited; every seventh row has none. */
  function commented(): FakeWorkbook {
    const data = survey();
    const rows = data.rows.map((r, i) => [...r, i % 7 === 0 ? "" : typeof r[5] === "number" && r[5] <= 2 ? "I waited an hour, on hold" : "ordered a router"]);
    return surveyBook([...data.headers, "Comment"], rows as (string | number)[][]);
  }

  it("offers the themes named in Settings, unticked, and builds a ticked one as a driver stored with the spec", async () => {
    const b = commented();
    renderPane(b);
    fireEvent.click(screen.getByRole("button", { name: "Use selected range" }));
    await screen.findByRole("heading", { name: "5. What moves NPS" });
    expect(screen.queryByRole("checkbox", { name: /^Theme:/ })).toBeNull();
    fireEvent.click(await screen.findByRole("button", { name: "Add a theme" }));
    const theme = await screen.findByRole("group", { name: "Theme 1" });
    fireEvent.change(within(theme).getByRole("textbox", { name: "Name" }), { target: { value: "Wait time" } });
    fireEvent.change(within(theme).getByRole("textbox", { name: "Words" }), { target: { value: "waited, on hold" } });
    const box = await screen.findByRole("checkbox", { name: "Theme: Wait time" });
    expect((box as HTMLInputElement).checked).toBe(false);
    fireEvent.click(box);
    expect(await screen.findByText(/rows without a comment are left out of the analysis/)).toBeTruthy();
    fireEvent.click(screen.getByRole("radio", { name: /^Values/ }));
    fireEvent.click(screen.getByRole("button", { name: "Build new sheet" }));
    await screen.findByText('Built "KPI Scorecard"', {}, { timeout: 30_000 });
    const names = driverTable(b).map((r) => r[0]);
    expect(names).toContain("Theme: Wait time");
    expect(names).toContain("Speed (1-5)");
    const item = within(screen.getByRole("list", { name: /What moves NPS/ })).getAllByRole("listitem").map((li) => li.textContent ?? "").find((t) => t.startsWith("Theme: Wait time"));
    expect(item).toMatch(/comments without it \d+%/);
    const stored = await createOfficePort(b.run).readStoredSpec();
    expect(stored?.spec.drivers?.themes).toEqual(["Wait time"]);
  });
});

describe("the form's drivers", () => {
  const headers = survey().headers;
  const roles = ["nps", "csat", "ces", "fcr", "cx", "cx", "cx", "segment"] as const;
  const source = { sheet: "Survey", address: "A1:H601" };

  it("follow the proposal until picked, and go into the spec sorted; off, or with one driver, there is none", () => {
    expect(driversOf(headers, [...roles], PROPOSED_DRIVERS)).toEqual({ outcome: 0, columns: [2, 3, 4, 5, 6] });
    expect(driversOf(headers, [...roles], { on: true, outcome: 0, columns: [6, 2], themes: [] })).toEqual({ outcome: 0, columns: [2, 6] });
    expect(driversOf(headers, [...roles], { ...PROPOSED_DRIVERS, on: false })).toBeNull();
    expect(driversOf(headers, [...roles], { on: true, outcome: 0, columns: [2], themes: [] })).toBeNull();
    expect(specFromForm(source, headers, { ...EMPTY_FORM, roles: [...roles] }).spec.drivers).toEqual({ outcome: 0, columns: [2, 3, 4, 5, 6] });
  });

  it("show NPS as the outcome even where one driver alone is mapped, with no block until a second is ticked", () => {
    const few = ["nps", "csat", "ces", null, null, null, null, "segment"] as const;
    expect(driverChoice(headers, [...few], PROPOSED_DRIVERS)).toEqual({ outcome: 0, columns: [] });
    expect(driversOf(headers, [...few], PROPOSED_DRIVERS)).toBeNull();
    expect(driversOf(headers, [...few], { on: true, outcome: 0, columns: [2, 5], themes: [] })).toEqual({ outcome: 0, columns: [2, 5] });
  });

  it("take a ticked theme the scorecard names where a comment column is mapped, and no other", () => {
    const withComment = [...roles, "sentiment"] as const;
    const h = [...headers, "Comment"];
    const d = { on: true, outcome: 0, columns: [5], themes: ["Wait time", "Gone"] };
    expect(driversOf(h, [...withComment], d, ["Wait time", "Price"])).toEqual({ outcome: 0, columns: [5], themes: ["Wait time"] });
    expect(driversOf(h, [...withComment], { ...d, themes: [] }, ["Wait time"])).toBeNull();
    // Without a comment column there are no flags to read.
    expect(driversOf(headers, [...roles], d, ["Wait time"])).toBeNull();
    const form = { ...EMPTY_FORM, roles: [...withComment], namedThemes: [{ name: "Wait time", words: "waited", target: "" }], drivers: d };
    const spec = specFromForm({ sheet: "Survey", address: "A1:I601" }, h, form).spec;
    expect(spec.drivers).toEqual({ outcome: 0, columns: [5], themes: ["Wait time"] });
    expect(formFromSpec(spec, 9).drivers).toEqual({ on: true, outcome: 0, columns: [5], themes: ["Wait time"] });
  });

  it("read back from a stored spec as picked, and off when the stored scorecard had none", () => {
    const spec = specFromForm(source, headers, { ...EMPTY_FORM, roles: [...roles], drivers: { on: true, outcome: 1, columns: [4, 5], themes: [] } }).spec;
    expect(formFromSpec(spec, 8).drivers).toEqual({ on: true, outcome: 1, columns: [4, 5], themes: [] });
    const without = specFromForm(source, headers, { ...EMPTY_FORM, roles: [...roles], drivers: { ...PROPOSED_DRIVERS, on: false } }).spec;
    expect(formFromSpec(without, 8).drivers.on).toBe(false);
  });
});
