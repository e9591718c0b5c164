"""Write data/datapackage.json: the schema of every table, in one place.

Run ``python data/tools/make_datapackage.py`` after changing a table's columns. The committed
JSON is what readers and tools use; a test checks that it equals this script's output.
"""
import json
PROV = [
    {"name": "source", "type": "string", "title": "Source",
     "description": "BibTeX key of the work the value comes from; must exist in references.bib.",
     "constraints": {"required": True, "pattern": "[A-Za-z0-9_:-]+"}},
    {"name": "locator", "type": "string", "title": "Locator",
     "description": "Where in the source the value stands: table, figure, page, section or abstract.",
     "constraints": {"required": True}},
    {"name": "confidence", "type": "string", "title": "Confidence",
     "description": "A = seen in the primary source; B = seen in a secondary source citing it; C = unverified (never presented as fact).",
     "constraints": {"required": True, "enum": ["A", "B", "C"]}},
]
NOTE = {"name": "note", "type": "string", "title": "Note", "description": "Caveats in the book's own words."}
ID = lambda desc: {"name": "id", "type": "string", "title": "Row id",
                   "description": desc + " Stable: prose cites rows by this id.",
                   "constraints": {"required": True, "unique": True, "pattern": "[a-z0-9][a-z0-9.-]*"}}
def num(name, title, desc, required=False, minimum=None, exclusive=None):
    f = {"name": name, "type": "number", "title": title, "description": desc}
    c = {}
    if required: c["required"] = True
    if minimum is not None: c["minimum"] = minimum
    if exclusive is not None: c["exclusiveMinimum"] = exclusive
    if c: f["constraints"] = c
    return f
def text(name, title, desc, required=False, enum=None):
    f = {"name": name, "type": "string", "title": title, "description": desc}
    c = {}
    if required: c["required"] = True
    if enum: c["enum"] = enum
    if c: f["constraints"] = c
    return f
def integer(name, title, desc, minimum=None):
    f = {"name": name, "type": "integer", "title": title, "description": desc}
    if minimum is not None: f["constraints"] = {"minimum": minimum}
    return f

resources = [
  {"name": "receptor_binding", "path": "receptor_binding.csv", "title": "Opioid receptor binding affinities",
   "description": "Equilibrium binding constants (Ki) or half-maximal inhibitory concentrations (IC50) of opioids at the mu, delta and kappa receptors, one row per compound, receptor and assay. Relative affinities may only be formed between rows of the same assay.",
   "valueField": "value_nm",
   "schema": {"primaryKey": "id", "missingValues": [""], "fields": [
      ID("One row per compound, receptor and assay."),
      text("compound", "Compound", "International non-proprietary name (lower case).", required=True),
      text("receptor", "Receptor", "Opioid receptor type.", required=True, enum=["mu", "delta", "kappa"]),
      num("value_nm", "Ki or IC50 (nM)", "Binding constant in nanomoles per litre; smaller means tighter binding.", required=True, exclusive=0),
      text("measure", "Measure", "ki = inhibition constant; ic50 = concentration displacing half the radioligand (comparable only within its own assay).", required=True, enum=["ki", "ic50"]),
      text("assay", "Assay id", "Identifies one study's assay (same radioligand, tissue and conditions); ratios are formed only within an assay.", required=True),
      text("radioligand", "Radioligand", "Labelled ligand displaced in the assay.", required=True),
      text("preparation", "Preparation", "Species and tissue or cell line.", required=True),
      text("role", "Role at the mu receptor", "agonist, partial_agonist (including mixed agonist-antagonists) or antagonist.", required=True, enum=["agonist", "partial_agonist", "antagonist"]),
      *PROV, NOTE]}},
  {"name": "receptor_occupancy", "path": "receptor_occupancy.csv", "title": "Opioid receptor occupancy by naltrexone in the human brain",
   "description": "Share of opioid receptors occupied (blocked) by oral naltrexone, measured by positron-emission methods, or stated in a label.",
   "valueField": "occupancy_percent",
   "schema": {"primaryKey": "id", "missingValues": [""], "fields": [
      ID("One row per measurement."),
      text("study", "Study", "Short label of the study.", required=True),
      text("receptor", "Receptor", "Receptor measured.", required=True, enum=["mu", "delta", "kappa"]),
      num("naltrexone_dose_mg", "Naltrexone dose (mg)", "Oral dose in milligrams.", required=True, exclusive=0),
      text("regimen", "Regimen", "How the dose was given.", required=True, enum=["single_oral", "daily_oral", "alternate_day_oral"]),
      num("time_after_dose_h", "Time after dose (h)", "Hours from the (last) dose to the scan; empty where the source gives none.", minimum=0),
      {"name": "occupancy_percent", "type": "number", "title": "Occupancy (%)", "description": "Receptor occupancy (blockade) in percent; the lower bound where the source gives a range.", "constraints": {"required": True, "minimum": 0, "maximum": 100}},
      {"name": "occupancy_high_percent", "type": "number", "title": "Occupancy, upper bound (%)", "description": "Upper bound where the source gives a range.", "constraints": {"minimum": 0, "maximum": 100}},
      num("dispersion_percent", "Dispersion (% points)", "Spread of the occupancy, of the kind in dispersion_type.", minimum=0),
      text("dispersion_type", "Dispersion type", "SEM (standard error of the mean) or SD (standard deviation).", enum=["SEM", "SD"]),
      integer("n", "Subjects", "Number of subjects behind the value.", minimum=1),
      text("reference_frame", "Reference frame", "absolute, or relative_to_1h_scan (percent of the blockade seen one hour after the dose).", required=True, enum=["absolute", "relative_to_1h_scan"]),
      text("method", "Method", "Tracer and imaging method.", required=True),
      *PROV, NOTE]}},
  {"name": "heroin_challenge", "path": "heroin_challenge.csv", "title": "Opioid challenges and the duration of blockade after oral naltrexone",
   "description": "Observations of how long oral naltrexone blocks an injected opioid: challenge schedules, reported durations of blockade and shares of subjects fully blocked.",
   "valueField": "time_after_dose_h",
   "schema": {"primaryKey": "id", "missingValues": [""], "fields": [
      ID("One row per observation."),
      text("study", "Study", "Short label of the study or label.", required=True),
      num("naltrexone_dose_mg", "Naltrexone dose (mg)", "Oral dose in milligrams; the lower end where a range was given.", required=True, exclusive=0),
      num("naltrexone_dose_max_mg", "Naltrexone dose, upper end (mg)", "Upper end of a dose range.", exclusive=0),
      text("regimen", "Regimen", "single_oral = one dose; daily_oral = tested during or after daily dosing; not_stated = the source does not say.", required=True, enum=["single_oral", "daily_oral", "not_stated"]),
      text("challenge", "Challenge", "Opioid and route used to test the blockade.", required=True),
      num("challenge_dose_mg", "Challenge dose (mg)", "Dose of the challenge opioid in milligrams, where stated.", exclusive=0),
      num("time_after_dose_h", "Time after dose (h)", "Hours after the naltrexone dose (negative: before it).", required=True),
      text("outcome", "Outcome", "challenge_time = a scheduled challenge; blocked_up_to = blockade reported to last up to this time; weaker_by = antagonism reported weaker by this time; fully_blocked_share = share of subjects completely blocked at this time.", required=True, enum=["challenge_time", "blocked_up_to", "weaker_by", "fully_blocked_share"]),
      text("share_blocked", "Share fully blocked", "For fully_blocked_share rows: all, most or about_half of the subjects.", enum=["all", "most", "about_half"]),
      integer("n", "Subjects", "Number of subjects, where stated for this observation.", minimum=1),
      *PROV, NOTE]}},
  {"name": "plasma_kinetics", "path": "plasma_kinetics.csv", "title": "Pharmacokinetics of naltrexone and 6β-naltrexol",
   "description": "Pharmacokinetic observations and parameters: peak concentrations and times, areas under the curve, half-lives, clearances, volume, binding, bioavailability, and the behaviour of depot formulations. One row per reported number.",
   "valueField": "value",
   "schema": {"primaryKey": "id", "missingValues": [""], "fields": [
      ID("One row per reported number."),
      text("analyte", "Analyte", "What was measured in plasma.", required=True, enum=["naltrexone", "6β-naltrexol", "naltrexone+6β-naltrexol"]),
      text("route", "Route", "oral, iv, im_xr (the extended-release injectable), im_depot or sc_depot (other depots), implant; empty if not specific.", enum=["oral", "iv", "im_xr", "im_depot", "sc_depot", "implant"]),
      num("dose_mg", "Dose (mg)", "Dose in milligrams of the form named in the form column.", exclusive=0),
      text("form", "Chemical form", "hydrochloride (tablets) or base.", enum=["hydrochloride", "base"]),
      text("regimen", "Regimen", "single dose, or daily (repeated) dosing.", enum=["single", "daily"]),
      text("parameter", "Parameter", "cmax, tmax, auc (to infinity or as reported), auc_0_24, concentration (at time_h), concentration_ratio, half_life, terminal_half_life, apparent_half_life, clearance, apparent_clearance, renal_clearance, volume, bioavailability, fraction_absorbed, first_pass_extraction, protein_binding, absorption_half_life, peak_time, decline_from, measurable_for, above_1_ng_ml_for, exposure_ratio.", required=True,
           enum=["cmax", "tmax", "auc", "auc_0_24", "concentration", "concentration_ratio", "half_life", "terminal_half_life", "apparent_half_life", "clearance", "apparent_clearance", "renal_clearance", "volume", "bioavailability", "fraction_absorbed", "first_pass_extraction", "protein_binding", "absorption_half_life", "peak_time", "decline_from", "measurable_for", "above_1_ng_ml_for", "exposure_ratio"]),
      num("value", "Value", "Value in the unit of the unit column (the lower end of a range).", required=True, exclusive=0),
      num("value_high", "Upper end", "Upper end where the source gives a range.", exclusive=0),
      text("unit", "Unit", "Unit of value, value_high and sd.", required=True, enum=["ng/mL", "ng*h/mL", "h", "days", "weeks", "months", "L/h", "mL/min", "L", "%", "ratio", "fold"]),
      num("sd", "Standard deviation", "Between-subject standard deviation, same unit.", minimum=0),
      integer("n", "Subjects", "Number of subjects.", minimum=1),
      num("time_h", "Time (h)", "Time after the dose of a concentration, ratio or peak.", minimum=0),
      *PROV, NOTE]}},
  {"name": "urinary_excretion", "path": "urinary_excretion.csv", "title": "Urinary excretion of naltrexone and its metabolites",
   "description": "Share of an oral dose recovered in urine, by substance and form (free or conjugated).",
   "valueField": "share_of_dose_percent",
   "schema": {"primaryKey": "id", "missingValues": [""], "fields": [
      ID("One row per reported share."),
      num("dose_mg", "Dose (mg)", "Oral dose in milligrams.", exclusive=0),
      num("collection_h", "Collection (h)", "Length of urine collection in hours; empty if not stated.", exclusive=0),
      text("analyte", "Analyte", "naltrexone, 6β-naltrexol or all (everything recovered).", required=True, enum=["naltrexone", "6β-naltrexol", "all"]),
      text("form", "Form", "free (unconjugated), conjugated, or total.", required=True, enum=["free", "conjugated", "total"]),
      {"name": "share_of_dose_percent", "type": "number", "title": "Share of dose (%)", "description": "Percent of the dose recovered (the lower end of a range).", "constraints": {"required": True, "minimum": 0, "maximum": 100}},
      {"name": "share_high_percent", "type": "number", "title": "Upper end (%)", "description": "Upper end where the source gives a range.", "constraints": {"minimum": 0, "maximum": 100}},
      num("sd_percent", "Standard deviation (% points)", "Between-subject standard deviation.", minimum=0),
      integer("n", "Subjects", "Number of subjects.", minimum=1),
      *PROV, NOTE]}},
  {"name": "dosing_regimens", "path": "dosing_regimens.csv", "title": "Dosing regimens",
   "description": "Doses of the regimens the book simulates, one row per dose in a week; a regimen with a repeat interval repeats its week (or its injection) at that interval.",
   "valueField": "dose_mg",
   "schema": {"primaryKey": "id", "missingValues": [""], "fields": [
      ID("One row per dose."),
      text("regimen", "Regimen", "Identifier of the regimen the dose belongs to.", required=True),
      integer("week", "Week", "Week of the schedule, counted from 1.", minimum=1),
      text("weekday", "Weekday", "Day of the week of the dose.", required=True, enum=["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]),
      num("dose_mg", "Dose (mg)", "Dose in milligrams of the form named in the form column.", required=True, exclusive=0),
      text("route", "Route", "oral tablets or im_xr (extended-release intramuscular injection).", required=True, enum=["oral", "im_xr"]),
      text("form", "Chemical form", "hydrochloride (the salt in tablets) or base (naltrexone itself, as in the injectable); the simulator converts each to moles with its own molecular weight.", required=True, enum=["hydrochloride", "base"]),
      integer("repeat_every_days", "Repeat every (days)", "For repeating regimens, the interval after which the pattern repeats; empty for a one-off schedule.", minimum=1),
      *PROV, NOTE]}},
  {"name": "molecular_weights", "path": "molecular_weights.csv", "title": "Molecular weights",
   "description": "Molar masses used to convert between mass and molar concentrations.",
   "valueField": "mw_g_per_mol",
   "schema": {"primaryKey": "substance", "missingValues": [""], "fields": [
      {"name": "substance", "type": "string", "title": "Substance", "description": "Free base.", "constraints": {"required": True, "unique": True}},
      {"name": "formula", "type": "string", "title": "Formula", "description": "Molecular formula (Hill notation).", "constraints": {"required": True, "pattern": "([A-Z][a-z]?[0-9]*)+"}},
      num("mw_g_per_mol", "Molecular weight (g/mol)", "Molar mass in grams per mole.", required=True, exclusive=0),
      *PROV]}},
  {"name": "adverse_effects", "path": "adverse_effects.csv", "title": "Adverse effects of naltrexone in trials and labels",
   "description": "How often an adverse effect was reported on naltrexone and, where the study had one, on its comparator: one row per effect, product and study.",
   "valueField": "naltrexone_percent",
   "orderedFields": [["n_events_naltrexone", "n_naltrexone"], ["n_events_comparator", "n_comparator"]],
   "schema": {"primaryKey": "id", "missingValues": [""], "fields": [
      ID("One row per effect, product and study."),
      text("product", "Product", "oral_tablet (naltrexone hydrochloride tablets) or extended_release_injection (380 mg every 4 weeks).",
           required=True, enum=["oral_tablet", "extended_release_injection"]),
      text("population", "Population", "Who was treated, e.g. alcohol dependence, opioid dependence, healthy volunteers.", required=True),
      text("study", "Study", "Short label of the study or label section.", required=True),
      text("effect", "Adverse effect", "The effect as the source names it, in plain words.", required=True),
      {"name": "naltrexone_percent", "type": "number", "title": "On naltrexone (%)", "description": "Share of patients on naltrexone reporting the effect.", "constraints": {"required": True, "minimum": 0, "maximum": 100}},
      {"name": "comparator_percent", "type": "number", "title": "On comparator (%)", "description": "Share on the comparator (usually placebo); empty where the study had none.", "constraints": {"minimum": 0, "maximum": 100}},
      text("comparator", "Comparator", "What the comparator arm received; empty for uncontrolled studies."),
      integer("n_naltrexone", "Patients on naltrexone", "Number of patients the naltrexone percentage is based on.", minimum=1),
      integer("n_comparator", "Patients on comparator", "Number of patients the comparator percentage is based on.", minimum=1),
      integer("n_events_naltrexone", "Events on naltrexone", "Patients with the effect, where the source gives the count.", minimum=0),
      integer("n_events_comparator", "Events on comparator", "Patients with the effect on the comparator, where given.", minimum=0),
      *PROV, NOTE]}},
  {"name": "liver_studies", "path": "liver_studies.csv", "title": "Studies of naltrexone and liver enzymes",
   "description": "Studies that measured transaminases (liver enzymes) during naltrexone, one row per study arm: dose, duration, how many patients and how many had raised enzymes where the study counted them.",
   "valueField": "daily_dose_mg",
   "orderedFields": [["n_raised", "n_naltrexone"], ["n_raised_comparator", "n_comparator"], ["daily_dose_mg", "daily_dose_max_mg"]],
   "schema": {"primaryKey": "id", "missingValues": [""], "fields": [
      ID("One row per study arm."),
      text("study", "Study", "Short label of the study.", required=True),
      text("population", "Population", "Who was treated.", required=True,
           enum=["obesity", "opioid dependence", "alcohol dependence", "gambling and impulse disorders", "eating disorders", "Huntington's disease"]),
      num("daily_dose_mg", "Daily dose (mg)", "Naltrexone hydrochloride per day (the lower end or mean where doses varied); weekly doses are divided by seven and the note says so.", required=True, exclusive=0),
      num("daily_dose_max_mg", "Highest daily dose (mg)", "Upper end where doses varied."),
      num("duration_weeks", "Duration (weeks)", "Time on naltrexone when the enzymes were last measured.", exclusive=0),
      integer("n_naltrexone", "Patients on naltrexone", "Number of patients in the arm.", minimum=1),
      integer("n_raised", "With raised enzymes", "Patients on naltrexone whose transaminases rose above the study's threshold, where counted.", minimum=0),
      integer("n_comparator", "Patients on comparator", "Placebo or control patients, where the study had them.", minimum=1),
      integer("n_raised_comparator", "Comparator with raised enzymes", "Control patients with raised enzymes, where counted.", minimum=0),
      text("finding", "Finding", "raised: enzymes rose in some patients; no_change: no rise overall; fell: enzymes fell on average.",
           required=True, enum=["raised", "no_change", "fell"]),
      text("definition", "Definition of raised", "The study's threshold, e.g. above the upper limit of normal."),
      text("co_medication", "Co-medication", "Other drugs that matter for the liver, e.g. non-steroidal anti-inflammatory drugs."),
      *PROV, NOTE]}},
  {"name": "overdose_mortality", "path": "overdose_mortality.csv", "title": "Death and overdose rates by treatment and period",
   "description": "Rates of death or overdose in cohorts of people treated for opioid dependence, split by treatment and by period (during treatment, induction, after stopping), as published (per 100 or per 1000 person-years), with the published 95 % confidence interval or the counts to compute one.",
   "valueField": "rate",
   "orderedFields": [["ci_low", "rate"], ["rate", "ci_high"]],
   "schema": {"primaryKey": "id", "missingValues": [""], "fields": [
      ID("One row per study, treatment, period and outcome."),
      text("study", "Study", "Short label of the study.", required=True),
      text("treatment", "Treatment", "The treatment the period belongs to.", required=True,
           enum=["oral naltrexone", "naltrexone implant", "extended-release naltrexone", "methadone", "buprenorphine", "any treatment"]),
      text("period", "Period", "during: while on treatment; induction: the first weeks of agonist treatment; maintenance: agonist treatment after induction; after: after stopping or leaving treatment; after, first months: the first months after stopping.",
           required=True, enum=["during", "induction", "maintenance", "after", "after, first months", "whole follow-up"]),
      text("outcome", "Outcome", "death (all causes), overdose death, or overdose (fatal and non-fatal).", required=True, enum=["death", "overdose death", "overdose"]),
      num("rate", "Rate", "Events per person-time, in the unit given.", required=True, minimum=0),
      num("ci_low", "Lower 95 % limit", "Published lower confidence limit, same unit.", minimum=0),
      num("ci_high", "Upper 95 % limit", "Published upper confidence limit, same unit.", minimum=0),
      text("unit", "Unit", "The person-time the source expresses the rate in.", required=True,
           enum=["per 100 person-years", "per 1000 person-years"]),
      integer("events", "Events", "Deaths or overdoses behind the rate, where given.", minimum=0),
      num("person_years", "Person-years", "Time at risk behind the rate, where given.", exclusive=0),
      *PROV, NOTE]}},
  {"name": "pregnancy_outcomes", "path": "pregnancy_outcomes.csv", "title": "Outcomes of pregnancies exposed to naltrexone or opioid agonists",
   "description": "Neonatal outcomes by exposure in pregnancy (naltrexone, methadone, buprenorphine, none), one row per study, exposure group and outcome.",
   "valueField": "value",
   "schema": {"primaryKey": "id", "missingValues": [""], "fields": [
      ID("One row per study, exposure and outcome."),
      text("study", "Study", "Short label of the study.", required=True),
      text("exposure", "Exposure", "What the mother took in pregnancy.", required=True,
           enum=["naltrexone implant", "oral naltrexone", "naltrexone (oral or implant)", "methadone", "buprenorphine", "no opioid"]),
      integer("n", "Infants", "Infants (or mother-infant pairs) in the group.", minimum=1),
      text("outcome", "Outcome", "What was measured.", required=True,
           enum=["neonatal abstinence syndrome", "neonatal hospital stay", "deliveries with normal outcome", "births"]),
      num("value", "Value", "The result, in the unit given.", required=True, minimum=0),
      text("unit", "Unit", "Unit of value.", required=True, enum=["%", "days", "persons"]),
      *PROV, NOTE]}},
  {"name": "facts", "path": "facts.csv", "title": "Facts quoted in the text",
   "description": "Single numbers (or ranges) that the chapters quote and that belong to no larger table. Each is cited with its locator and confidence.",
   "valueField": "value",
   "schema": {"primaryKey": "id", "missingValues": [""], "fields": [
      ID("One row per quoted number."),
      text("quantity", "Quantity", "What the number measures, in the book's words.", required=True),
      num("value", "Value", "The number (the lower end of a range).", required=True),
      num("value_high", "Upper end", "Upper end where the source gives a range."),
      text("unit", "Unit", "Unit of value and value_high.", required=True,
           enum=["year", "ratio", "fold", "%", "h", "min", "days", "months", "mg", "mg/kg", "µg/kg", "nM", "ng/mL",
                 "µmol/L", "L", "L/h", "L/kg", "mL/min", "persons", "per 100 person-years", "per 1000 person-years",
                 "°F", "mmHg", "weeks", "mg/day", "mg/kg/day", "µg/L", "reports", "studies"]),
      *PROV, NOTE]}},
]
package = {
  "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
  "name": "naltrexone-textbook-data",
  "title": "Data behind the open naltrexone textbook",
  "description": "Every number the book prints, one row each, with the work it comes from (source), where in that work (locator) and how sure we are (confidence). Read by the package `naltrexone` (naltrexone.data.load_table), which validates every cell against these schemas.",
  "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "title": "Creative Commons Attribution 4.0"}],
  "resources": [{**r, "$schema": "https://datapackage.org/profiles/2.0/dataresource.json", "type": "table", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8"} for r in resources],
}


def render() -> str:
    return json.dumps(package, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    import pathlib
    target = pathlib.Path(__file__).resolve().parent.parent / "datapackage.json"
    target.write_text(render(), encoding="utf-8")
