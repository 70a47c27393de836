/** @jest-environment jsdom */
// Themes the user names, in the task pane (issue 21): proposed from the data's comments, edited,
// built as rows of the scorecard, stored with the spec and read back; refusals name their field.
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { createOfficePort } from "../src/excel/officePort";
import { EMPTY_FORM, EMPTY_THEME, formFromSpec, specFromForm } from "../src/taskpane/form";
import { mulberry32 } from "../src/why/random";
import type { FakeWorkbook } from "./fakes/excel";
import { installFluentDomShims } from "./helpers/fluentDom";
import { chooseOption, renderPane, surveyBook } from "./helpers/pane";

beforeAll(installFluentDomShims);

const HEADERS = ["How likely are you to recommend us? (0-10)", "Comment"];

/** 300 answers: detractors complain of holds and callbacks (in their own words), promoters praise the staff. */
function surveyWorkbook(): FakeWorkbook {
  const random = mulberry32(5);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const rows: (string | number)[][] = Array.from({ length: 300 }, () => {
    const nps = Math.floor(random() * 11);
    const parts = [pick(["ordered a router", "paid my bill", "changed my plan", "used the app"])];
    if (nps <= 6 && random() < 0.6) parts.push(pick(["on hold for ages", "put on hold again", "kept on hold forever"]));
    if (nps <= 6 && random() < 0.4) parts.push(pick(["they never called me back", "nobody called me back"]));
    if (nps >= 9 && random() < 0.6) parts.push(pick(["friendly staff", "the staff were friendly"]));
    return [nps, parts.join(", ")];
  });
  return surveyBook(HEADERS, rows);
}

const value = (el: HTMLElement) => (el as HTMLInputElement).value;

describe("themes in the pane", () => {
  it("proposes themes from detractors' comments, takes the user's edits and target, and builds them as rows", async () => {
    const book = surveyWorkbook();
    renderPane(createOfficePort(book.run));
    fireEvent.click(screen.getByRole("button", { name: "Use selected range" }));
    const propose = await screen.findByRole("button", { name: "Propose themes from detractors’ comments" });
    await act(async () => {
      fireEvent.click(propose);
    });
    const first = await screen.findByRole("group", { name: "Theme 1" });
    const names = screen.getAllByRole("group", { name: /^Theme \d+$/ }).map((g) => value(within(g).getByRole("textbox", { name: "Name" })));
    expect(names.some((n) => /hold/i.test(n))).toBe(true);
    const hold = screen.getAllByRole("group", { name: /^Theme \d+$/ }).find((g) => /hold/i.test(value(within(g).getByRole("textbox", { name: "Name" })))) as HTMLElement;
    expect(value(within(hold).getByRole("textbox", { name: "Words" }))).toMatch(/hold/);
    // The user renames it, rewrites its words and sets a target.
    fireEvent.change(within(hold).getByRole("textbox", { name: "Name" }), { target: { value: "Wait time" } });
    fireEvent.change(within(hold).getByRole("textbox", { name: "Words" }), { target: { value: "on hold, queue" } });
    fireEvent.change(within(hold).getByRole("textbox", { name: "Target" }), { target: { value: "10%" } });
    expect(first).toBeTruthy();
    fireEvent.click(screen.getByRole("radio", { name: /^Portable/ }));
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Build new sheet" }));
    });
    expect(await screen.findByText('Built "KPI Scorecard"')).toBeTruthy();
    const grid = JSON.stringify(book.sheet("KPI Scorecard").grid());
    expect(grid).toContain("Theme: Wait time");
    expect(grid).toContain("on hold, queue");
    const stored = await createOfficePort(book.run).readStoredSpec();
    expect(stored?.spec.namedThemes?.find((t) => t.name === "Wait time")).toEqual({ name: "Wait time", words: ["on hold", "queue"], target: 0.1 });
  });

  it("reopens a stored scorecard with its themes, praise ticked as praise, and a removed theme leaves the spec", async () => {
    const book = surveyWorkbook();
    const port = createOfficePort(book.run);
    const first = renderPane(port);
    fireEvent.click(screen.getByRole("button", { name: "Use selected range" }));
    fireEvent.click(await screen.findByRole("button", { name: "Add a theme" }));
    const theme = await screen.findByRole("group", { name: "Theme 1" });
    fireEvent.change(within(theme).getByRole("textbox", { name: "Name" }), { target: { value: "Callbacks" } });
    fireEvent.change(within(theme).getByRole("textbox", { name: "Words" }), { target: { value: "called me back; callback" } });
    fireEvent.click(screen.getByRole("button", { name: "Add a theme" }));
    const staff = await screen.findByRole("group", { name: "Theme 2" });
    fireEvent.change(within(staff).getByRole("textbox", { name: "Name" }), { target: { value: "Staff" } });
    fireEvent.change(within(staff).getByRole("textbox", { name: "Words" }), { target: { value: "friendly, helpful" } });
    fireEvent.click(within(staff).getByRole("checkbox", { name: /^Praise/ }));
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Build new sheet" }));
    });
    await screen.findByText('Built "KPI Scorecard"');
    const stored = await port.readStoredSpec();
    expect(stored?.spec.namedThemes).toEqual([{ name: "Callbacks", words: ["called me back", "callback"] }, { name: "Staff", words: ["friendly", "helpful"], direction: "higher" }]);
    first.unmount();

    renderPane(port);
    const reopened = await screen.findByRole("group", { name: "Theme 1" });
    expect(value(within(reopened).getByRole("textbox", { name: "Words" }))).toBe("called me back, callback");
    expect((within(reopened).getByRole("checkbox", { name: /^Praise/ }) as HTMLInputElement).checked).toBe(false);
    const praised = within(await screen.findByRole("group", { name: "Theme 2" })).getByRole("checkbox", { name: /^Praise/ }) as HTMLInputElement;
    expect(praised.checked).toBe(true);
    fireEvent.click(praised);
    await waitFor(() => expect(praised.checked).toBe(false));
    fireEvent.click(within(reopened).getByRole("button", { name: "Remove theme 1" }));
    await waitFor(() => expect(screen.queryByRole("group", { name: "Theme 2" })).toBeNull());
    expect(value(within(screen.getByRole("group", { name: "Theme 1" })).getByRole("textbox", { name: "Name" }))).toBe("Staff");
  });

  it("refuses a theme that cannot be built, naming its field, and writes nothing", async () => {
    const book = surveyWorkbook();
    renderPane(createOfficePort(book.run));
    fireEvent.click(screen.getByRole("button", { name: "Use selected range" }));
    fireEvent.click(await screen.findByRole("button", { name: "Add a theme" }));
    const theme = await screen.findByRole("group", { name: "Theme 1" });
    fireEvent.change(within(theme).getByRole("textbox", { name: "Name" }), { target: { value: "Noise" } });
    fireEvent.change(within(theme).getByRole("textbox", { name: "Words" }), { target: { value: "--" } });
    fireEvent.click(screen.getByRole("button", { name: "Build new sheet" }));
    expect((await screen.findAllByText(/Theme "Noise": "--" has no letter or digit to match/)).length).toBeGreaterThanOrEqual(1);
    expect(book.sheets.map((s) => s.name)).toEqual(["Survey"]);
  });

  it("offers themes only where a comment column is mapped, and proposals only with an NPS column", async () => {
    renderPane(createOfficePort(surveyWorkbook().run));
    fireEvent.click(screen.getByRole("button", { name: "Use selected range" }));
    await screen.findByRole("button", { name: "Add a theme" });
    expect(screen.getByRole("button", { name: "Propose themes from detractors’ comments" })).toBeTruthy();
    await chooseOption(/Column A: How likely/, "Not used");
    await waitFor(() => expect(screen.queryByRole("button", { name: "Propose themes from detractors’ comments" })).toBeNull());
    expect(screen.getByRole("button", { name: "Add a theme" })).toBeTruthy();
    await chooseOption(/Column B: Comment/, "Not used");
    await waitFor(() => expect(screen.queryByRole("button", { name: "Add a theme" })).toBeNull());
  });
});

describe("the themes of the pane's form", () => {
  const source = { sheet: "Survey", address: "A1:B301" };
  const form = { ...EMPTY_FORM, roles: ["nps" as const, "sentiment" as const] };

  it("become the spec's themes: words split at commas and semicolons, a target read as a share, blank themes skipped", () => {
    const { spec, problems } = specFromForm(source, HEADERS, {
      ...form,
      namedThemes: [{ name: " Wait time ", words: "wait; queue, on hold,", target: "10" }, EMPTY_THEME, { name: "Price", words: "price", target: "0.25" }],
    });
    expect(problems).toEqual([]);
    expect(spec.namedThemes).toEqual([{ name: "Wait time", words: ["wait", "queue", "on hold"], target: 0.1 }, { name: "Price", words: ["price"], target: 0.25 }]);
    expect(formFromSpec(spec, 2).namedThemes).toEqual([{ name: "Wait time", words: "wait, queue, on hold", target: "10%" }, { name: "Price", words: "price", target: "25%" }]);
  });

  it("names the field of each refusal", () => {
    const { problems } = specFromForm(source, HEADERS, {
      ...form,
      namedThemes: [{ name: "", words: "wait", target: "" }, { name: "A", words: "a", target: "150%" }, { name: "a", words: "b", target: "" }],
    });
    expect(problems).toEqual([
      { field: "theme-0-name", message: "Theme 1 needs a name" },
      { field: "theme-1-target", message: 'Theme "A" target must be a share of the comments, such as 10% or 0.1' },
      { field: "theme-2-name", message: 'Theme "a" is named twice' },
    ]);
  });
});
