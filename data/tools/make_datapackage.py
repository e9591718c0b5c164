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
                 "°F", "mmHg"]),
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
