// Demo data for the City of Riverton, a fictional mid-size city (about 480,000 residents), as one `drivertree/v1`
// document (spec/drivertree-format.md). The plan is modelled on Kansas City's Citywide Business Plan: six goal areas
// cascade into department objectives, key results track outcome KPIs, and the KPIs and driver links come from the
// public KPI catalog (/work/shared/data/public-kpi-catalog.json) with its codes, names, units, roles, directions and
// published targets. A few KPIs outside the catalog exist only as inputs to formula KPIs (costs, population).
//
// The data is meant to be read "as of" 2026-11-23 with 24 months of history (2024-11 … 2026-10; quarters and years
// of the July fiscal year, labelled by the calendar year in which they end). Its story, by design:
// - most KPIs on track;
// - off track: pothole repair time, street-light repair time and pavement condition (Public Works), plan review
//   turnaround and food license time (Planning), 911 answer time, first response to code complaints, time to hire,
//   and park satisfaction after the pool closures;
// - stale (reporting stopped during system migrations): pothole crews, signal repairs, code re-inspections, park
//   maintenance, open audit recommendations (quarterly) and library circulation (annual);
// - divergent: permits issued in 10 days, priority 1 police response and street satisfaction are healthy while
//   their drivers are not (plan review, 911 answer time and police staffing, pavement condition); pothole repair
//   time, park satisfaction and time to hire are the reverse (off track while their drivers are healthy). Their
//   neighbours in the tree diverge as a consequence (standard and single-family permit times, 911 abandoned calls).
//
// Only the measurement values are generated, deterministically, from the per-KPI series specs in SERIES.

import type {
  DriverTreeDepartment,
  DriverTreeDocument,
  DriverTreeKpi,
  DriverTreeLink,
  DriverTreeMeasurement,
  DriverTreeObjective,
  Frequency,
  SeedCommentary,
  SeedUser,
} from "../../lib/document/types";

export const DEMO_PASSWORD = "throughline-demo";

/** The date the story is told as of; the check script computes staleness and health for it. */
export const RIVERTON_AS_OF = "2026-11-23";

/** First and last month with data. */
const FIRST_MONTH = "2024-11";
const LAST_MONTH = "2026-10";
const FISCAL_YEAR_START_MONTH = 7;

// ── Agency, departments, plan ────────────────────────────────────────────────────────────────────────────────────

const DEPARTMENTS: DriverTreeDepartment[] = [
  { code: "CM", name: "City Manager's Office", parent: null },
  { code: "PW", name: "Public Works", parent: "CM" },
  { code: "PW-STR", name: "Streets and Pavement", parent: "PW" },
  { code: "PW-TRF", name: "Traffic Operations", parent: "PW" },
  { code: "PD", name: "Police Department", parent: "CM" },
  { code: "ECC", name: "Emergency Communications Center (911)", parent: "CM" },
  { code: "FIRE", name: "Fire Department", parent: "CM" },
  { code: "FIRE-EMS", name: "Emergency Medical Services", parent: "FIRE" },
  { code: "HLT", name: "Health Department", parent: "CM" },
  { code: "PLN", name: "Planning and Permits", parent: "CM" },
  { code: "NHS", name: "Neighborhood Services", parent: "CM" },
  { code: "CS", name: "311 Customer Service", parent: "CM" },
  { code: "FIN", name: "Finance", parent: "CM" },
  { code: "HR", name: "Human Resources", parent: "CM" },
  { code: "PRL", name: "Parks and Libraries", parent: "CM" },
  { code: "PRL-PRK", name: "Parks and Recreation", parent: "PRL" },
  { code: "PRL-LIB", name: "Riverton Public Library", parent: "PRL" },
  { code: "CRT", name: "Municipal Court", parent: "CM" },
];

// ── KPIs ─────────────────────────────────────────────────────────────────────────────────────────────────────────
// Catalog KPIs keep the catalog's code, name, unit, ipo, indicator, direction and frequency, and its published target
// where it has one. Aggregation: counts and money `sum`, rates, averages and medians `avg`, stock levels `last`.
// Formula KPIs (cost per pothole, cost per permit, cost per lane mile, police cost per resident, code closure rate)
// carry no measurements of their own.

// prettier-ignore
const KPIS: DriverTreeKpi[] = [
  // Planning and Permits
  { code: "permits.plan_reviewers_fte", name: "Plan review and building inspection staff", unit: "FTE",
    ipo: "input", indicator: "leading", direction: "increase", frequency: "monthly", aggregation: "avg",
    department: "PLN", baseline: 11, target: 14, lagDays: 30, published: false,
    description: "Plan reviewers and building inspectors on staff, averaged over the month's payroll periods." },
  { code: "permits.online_submission_pct", name: "Permit applications submitted online", unit: "%",
    ipo: "process", indicator: "leading", direction: "increase", frequency: "monthly", aggregation: "avg",
    department: "PLN", baseline: 48, target: 70, lagDays: 30, published: true,
    description: "Share of permit applications received through the online portal rather than at the counter." },
  { code: "permits.intake_routed_1day_pct", name: "Plans logged and routed to reviewers within 1 business day",
    unit: "%", ipo: "process", indicator: "leading", direction: "increase", frequency: "monthly", aggregation: "avg",
    department: "PLN", target: 90, lagDays: 30, published: false,
    description: "Complete plan sets logged and assigned to every reviewing discipline by the next business day." },
  { code: "permits.plan_review_days", name: "Average turnaround of a plan review", unit: "days",
    ipo: "process", indicator: "leading", direction: "decrease", frequency: "monthly", aggregation: "avg",
    department: "PLN", baseline: 14, target: 10, targets: { "2026-06": 12 }, lagDays: 30, published: true,
    description: "Business days from a complete plan set to the first review comments, averaged over reviews closed in the month." },
  { code: "permits.inspections_same_day_pct", name: "Building inspections completed on the day requested", unit: "%",
    ipo: "process", indicator: "leading", direction: "increase", frequency: "monthly", aggregation: "avg",
    department: "PLN", target: 90, lagDays: 30, published: true,
    description: "Inspections requested by 7 a.m. and completed the same day." },
  { code: "permits.issued_10day_pct", name: "Permits issued within 10 business days of a complete application",
    unit: "%", ipo: "outcome", indicator: "lagging", direction: "increase", frequency: "monthly", aggregation: "avg",
    department: "PLN", target: 80, lagDays: 30, published: true,
    description: "All building permit types, including over-the-counter permits." },
  { code: "permits.easy_permit_days", name: "Average days to issue an over-the-counter (Easy) permit", unit: "days",
    ipo: "outcome", indicator: "lagging", direction: "decrease", frequency: "monthly", aggregation: "avg",
    department: "PLN", target: 1.3, lagDays: 30, published: true,
    description: "Calendar days from application to issue for permits that need no plan review." },
  { code: "permits.standard_permit_days", name: "Average days to issue a standard plan-review building permit",
    unit: "days", ipo: "outcome", indicator: "lagging", direction: "decrease", frequency: "monthly",
    aggregation: "avg", department: "PLN", baseline: 58, target: 53, lagDays: 30, published: true,
    description: "Calendar days from application to issue for small and mid-size projects that need plan review." },
  { code: "permits.sfd_ready_days", name: "Days from acceptance to ready-to-issue, new single-family home permit",
    unit: "days", ipo: "outcome", indicator: "lagging", direction: "decrease", frequency: "monthly",
    aggregation: "avg", department: "PLN", baseline: 46, target: 30, lagDays: 30, published: true,
    description: "Includes the applicant's time to answer review comments." },
  { code: "permits.business_license_days", name: "Average days to issue a business license", unit: "days",
    ipo: "outcome", indicator: "lagging", direction: "decrease", frequency: "monthly", aggregation: "avg",
    department: "PLN", target: 15, lagDays: 30, published: true,
    description: "All license types except retail food, from complete application to issue." },
  { code: "permits.limited_license_days", name: "Average days to issue a limited (general) business license",
    unit: "days", ipo: "outcome", indicator: "lagging", direction: "decrease", frequency: "monthly",
    aggregation: "avg", department: "PLN", target: 3, lagDays: 30, published: false,
    description: "Licenses that need no inspection, mostly issued online." },
  { code: "permits.food_license_days", name: "Average days to issue a retail food license", unit: "days",
    ipo: "outcome", indicator: "lagging", direction: "decrease", frequency: "monthly", aggregation: "avg",
    department: "PLN", target: 15, lagDays: 30, published: true,
    description: "Includes the pre-opening health inspection, which the county health department performs." },
  { code: "permits.applicant_satisfaction_pct", name: "Permit applicants rating the service satisfied or better",
    unit: "%", ipo: "outcome", indicator: "lagging", direction: "increase", frequency: "quarterly",
    aggregation: "avg", department: "PLN", baseline: 72, target: 85, lagDays: 45, published: true,
    description: "Emailed survey after every issued permit; about 600 responses a quarter." },
  { code: "finance.permits_cost", name: "Cost of the permit service", unit: "USD",
    ipo: "input", indicator: "leading", direction: "decrease", frequency: "monthly", aggregation: "sum",
    department: "PLN", lagDays: 45, published: false,
    description: "Personnel, software and overhead charged to the permit service (general ledger, month end)." },
  { code: "permits.issued", name: "Permits issued", unit: "permits",
    ipo: "process", indicator: "leading", direction: "increase", frequency: "monthly", aggregation: "sum",
    department: "PLN", target: 1150, lagDays: 30, published: false,
    description: "Building, trade and right-of-way permits issued in the month." },
  { code: "permits.cost_per_permit", name: "Cost per permit issued", unit: "USD",
    ipo: "process", indicator: "lagging", direction: "decrease", frequency: "monthly", aggregation: "avg",
    department: "PLN", target: 200, formula: "finance.permits_cost / permits.issued", lagDays: 45, published: true,
    description: "Cost of the permit service divided by permits issued in the same month." },
  { code: "city.population", name: "Resident population (July 1 estimate)", unit: "residents",
    ipo: "input", indicator: "leading", direction: "increase", frequency: "annual", aggregation: "last",
    department: "PLN", lagDays: 30, published: true,
    description: "The planning department's estimate for July 1 of the fiscal year, used for per-resident measures." },

  // 311 Customer Service
  { code: "cs311.call_takers_on_shift", name: "Average 311 call takers on shift", unit: "FTE",
    ipo: "input", indicator: "leading", direction: "increase", frequency: "monthly", aggregation: "avg",
    department: "CS", baseline: 18, target: 22, lagDays: 30, published: false,
    description: "Agents logged in during weekday staffed hours, averaged over the month." },
  { code: "cs311.call_volume", name: "311 calls received", unit: "calls",
    ipo: "input", indicator: "leading", direction: "maintain", frequency: "monthly", aggregation: "sum",
    department: "CS", target: 26000, tolerance: 4000, lagDays: 30, published: true,
    description: "Demand driver, not a goal: the staffing plan assumes 26,000 calls a month, give or take 4,000." },
  { code: "cs311.answered_30s_pct", name: "311 calls answered by a live agent within 30 seconds", unit: "%",
    ipo: "process", indicator: "leading", direction: "increase", frequency: "monthly", aggregation: "avg",
    department: "CS", target: 95, lagDays: 30, published: true,
    description: "Boston CityScore's service level; calls that reach an agent within 30 seconds of the menu." },
  { code: "cs311.abandoned_pct", name: "311 calls abandoned before answer", unit: "%",
    ipo: "process", indicator: "leading", direction: "decrease", frequency: "monthly", aggregation: "avg",
    department: "CS", target: 5, lagDays: 30, published: false,
    description: "Callers who hang up after the menu and before an agent answers." },
  { code: "cs311.first_contact_resolution_pct", name: "Calls resolved by 311 without transfer to an agency",
    unit: "%", ipo: "process", indicator: "leading", direction: "increase", frequency: "monthly", aggregation: "avg",
    department: "CS", target: 90, lagDays: 30, published: false,
    description: "Calls closed by the 311 agent: information given or a service request created." },
  { code: "cs311.website_uptime_pct", name: "Availability of the online 311 request portal", unit: "%",
    ipo: "process", indicator: "leading", direction: "increase", frequency: "monthly", aggregation: "avg",
    department: "CS", target: 99.5, lagDays: 30, published: false,
    description: "Synthetic checks every five minutes, planned maintenance included." },
  { code: "cs311.requests_on_time_pct", name: "Service requests closed within their published service level",
    unit: "%", ipo: "process", indicator: "lagging", direction: "increase", frequency: "monthly", aggregation: "avg",
    department: "CS", target: 85, lagDays: 30, published: true,
    description: "All 311 request types, each judged against its own published service level." },
  { code: "cs311.courtesy_rating_pct", name: "Residents rating 311 call-taker courtesy and professionalism favourably",
    unit: "%", ipo: "outcome", indicator: "lagging", direction: "increase", frequency: "annual", aggregation: "avg",
    department: "CS", baseline: 69, target: 75, lagDays: 45, published: true,
    description: "Annual resident survey, callers who used 311 in the past year." },
  { code: "satisfaction.post_service_score", name: "Post-service satisfaction score from 311 follow-up surveys",
    unit: "score 1-5", ipo: "outcome", indicator: "lagging", direction: "increase", frequency: "monthly",
    aggregation: "avg", department: "CS", baseline: 3.8, target: 4.2, lagDays: 30, published: true,
    description: "Text-message survey sent when a request closes; mean score of the month's responses." },
  { code: "satisfaction.customer_service_pct", name: "Residents satisfied with the city's customer service",
    unit: "%", ipo: "outcome", indicator: "lagging", direction: "increase", frequency: "annual", aggregation: "avg",
    department: "CS", baseline: 50, target: 60, targets: { "2026": 55, "2027": 57, "2028": 59 }, lagDays: 45,
    published: true, description: "Annual resident survey (ETC Institute method), satisfied or very satisfied." },

  // City Manager's Office
  { code: "satisfaction.overall_services_pct", name: "Residents satisfied with the overall quality of city services",
    unit: "%", ipo: "outcome", indicator: "lagging", direction: "increase", frequency: "annual", aggregation: "avg",
    department: "CM", baseline: 55, target: 65, targets: { "2026": 58, "2027": 61, "2028": 63 }, lagDays: 45,
    published: true, description: "Annual resident survey; the plan's headline outcome." },
  { code: "governance.disclosures_filed_pct", name: "Required statements of financial interests filed", unit: "%",
    ipo: "process", indicator: "leading", direction: "increase", frequency: "annual", aggregation: "avg",
    department: "CM", target: 100, lagDays: 30, published: true,
    description: "Officials and employees required to file, filed by the deadline (City Clerk)." },
  { code: "governance.open_audit_recs", name: "Open (unimplemented) audit recommendations", unit: "recommendations",
    ipo: "process", indicator: "lagging", direction: "decrease", frequency: "quarterly", aggregation: "last",
    department: "CM", baseline: 46, target: 20, lagDays: 30, published: true,
    description: "City Auditor's recommendations not yet verified as implemented, at quarter end." },
  { code: "governance.audit_recs_implemented_pct", name: "Audit recommendations implemented", unit: "%",
    ipo: "outcome", indicator: "lagging", direction: "increase", frequency: "annual", aggregation: "avg",
    department: "CM", baseline: 72, target: 85, targets: { "2026": 78, "2027": 81, "2028": 83 }, lagDays: 45,
    published: true, description: "Recommendations made in the last five years that the auditor verified as implemented." },

  // Public Works: Streets and Pavement
  { code: "streets.pothole_crews_per_day", name: "Pothole repair crews deployed per day", unit: "crews",
    ipo: "input", indicator: "leading", direction: "increase", frequency: "monthly", aggregation: "avg",
    department: "PW-STR", target: 8, lagDays: 30, published: false,
    description: "Two-person patching crews on the road, averaged over working days." },
  { code: "streets.resurfacing_budget_usd", name: "Annual street resurfacing budget", unit: "USD",
    ipo: "input", indicator: "leading", direction: "increase", frequency: "annual", aggregation: "sum",
    department: "PW", baseline: 14000000, target: 17000000, targets: { "2026": 16000000 }, lagDays: 30,
    published: true, description: "Adopted budget for mill-and-overlay and preventive treatments." },
  { code: "streets.pothole_requests", name: "Pothole service requests received", unit: "requests",
    ipo: "input", indicator: "leading", direction: "maintain", frequency: "monthly", aggregation: "sum",
    department: "PW-STR", target: 2100, tolerance: 800, lagDays: 30, published: true,
    description: "Demand driver from 311: requests received, duplicates removed. Peaks after the freeze-thaw season." },
  { code: "streets.lane_miles_resurfaced", name: "Lane miles resurfaced", unit: "lane-miles",
    ipo: "process", indicator: "leading", direction: "increase", frequency: "annual", aggregation: "sum",
    department: "PW-STR", baseline: 220, target: 320, targets: { "2026": 260, "2027": 285, "2028": 305 },
    lagDays: 30, published: true, description: "Mill-and-overlay and full-depth lane miles completed in the fiscal year." },
  { code: "streets.potholes_repaired", name: "Potholes repaired", unit: "potholes",
    ipo: "process", indicator: "leading", direction: "increase", frequency: "monthly", aggregation: "sum",
    department: "PW-STR", target: 2800, lagDays: 30, published: true,
    description: "Potholes filled, from crew work orders." },
  { code: "finance.pothole_repair_cost", name: "Cost of pothole repair", unit: "USD",
    ipo: "input", indicator: "leading", direction: "decrease", frequency: "monthly", aggregation: "sum",
    department: "PW-STR", lagDays: 45, published: false,
    description: "Labour, asphalt and equipment charged to pothole work orders (general ledger, month end)." },
  { code: "streets.cost_per_pothole", name: "Cost per pothole repaired", unit: "USD",
    ipo: "process", indicator: "lagging", direction: "decrease", frequency: "monthly", aggregation: "avg",
    department: "PW-STR", target: 90, formula: "round(finance.pothole_repair_cost / streets.potholes_repaired, 2)",
    lagDays: 45, published: true, description: "Cost of pothole repair divided by potholes repaired in the same month." },
  { code: "streets.cost_per_lane_mile", name: "Resurfacing budget per lane mile resurfaced", unit: "USD",
    ipo: "process", indicator: "lagging", direction: "decrease", frequency: "annual", aggregation: "avg",
    department: "PW-STR", target: 62000, formula: "round(streets.resurfacing_budget_usd / streets.lane_miles_resurfaced)",
    lagDays: 30, published: true, description: "Budget divided by lane miles completed in the fiscal year." },
  { code: "streets.pothole_repair_days", name: "Average days from report to pothole repair", unit: "days",
    ipo: "process", indicator: "lagging", direction: "decrease", frequency: "monthly", aggregation: "avg",
    department: "PW-STR", target: 7, lagDays: 30, published: true,
    description: "Calendar days from the 311 request to the crew closing the work order, requests closed in the month." },
  { code: "streets.pci_avg", name: "Network average Pavement Condition Index", unit: "index 0-100",
    ipo: "outcome", indicator: "lagging", direction: "increase", frequency: "annual", aggregation: "last",
    department: "PW-STR", baseline: 62, target: 70, targets: { "2026": 64, "2027": 66, "2028": 68 }, lagDays: 45,
    published: true, description: "Weighted by lane miles; a third of the network is surveyed by van each year." },
  { code: "streets.network_good_pct", name: "Street network rated in good condition", unit: "%",
    ipo: "outcome", indicator: "lagging", direction: "increase", frequency: "annual", aggregation: "avg",
    department: "PW-STR", baseline: 55, target: 65, targets: { "2026": 57.5, "2027": 60, "2028": 62.5 }, lagDays: 45,
    published: true, description: "Lane miles with a PCI of 70 or more." },
  { code: "streets.street_satisfaction_pct", name: "Residents satisfied with the condition of major streets",
    unit: "%", ipo: "outcome", indicator: "lagging", direction: "increase", frequency: "annual", aggregation: "avg",
    department: "PW", baseline: 40, target: 50, targets: { "2026": 44, "2027": 46, "2028": 48 }, lagDays: 45,
    published: true, description: "Annual resident survey; residents' top priority for the third year running." },

  // Public Works: Traffic Operations
  { code: "streets.streetlight_repair_days", name: "Average days to repair a street light outage (3+ lights out)",
    unit: "days", ipo: "process", indicator: "lagging", direction: "decrease", frequency: "monthly",
    aggregation: "avg", department: "PW-TRF", target: 4, lagDays: 30, published: true,
    description: "Circuit outages of three or more lights, from report to restored." },
  { code: "streets.signal_repair_days", name: "Average days to repair a traffic signal outage", unit: "days",
    ipo: "process", indicator: "lagging", direction: "decrease", frequency: "monthly", aggregation: "avg",
    department: "PW-TRF", target: 1, lagDays: 30, published: true,
    description: "From report to signal restored; flashing-red operation counts as an outage." },

  // Police
  { code: "police.sworn_per_1000", name: "Sworn police officers per 1,000 residents", unit: "officers per 1,000",
    ipo: "input", indicator: "leading", direction: "maintain", frequency: "annual", aggregation: "last",
    department: "PD", target: 2.4, tolerance: 0.1, lagDays: 30, published: true,
    description: "Sworn officers on the payroll on June 30 per 1,000 residents; the staffing plan holds 2.4." },
  { code: "police.p1_response_min", name: "Priority 1 police response time, call to arrival", unit: "minutes",
    ipo: "process", indicator: "lagging", direction: "decrease", frequency: "monthly", aggregation: "avg",
    department: "PD", baseline: 7.7, target: 7, lagDays: 30, published: true,
    description: "Median minutes from call answer to the first officer on scene, priority 1 calls." },
  { code: "crime.part1_crimes", name: "Part 1 (index) crimes reported", unit: "crimes",
    ipo: "outcome", indicator: "lagging", direction: "decrease", frequency: "monthly", aggregation: "sum",
    department: "PD", target: 1900, lagDays: 45, published: true,
    description: "Violent and property index crimes reported; provisional until the annual NIBRS audit." },
  { code: "crime.violent_clearance_pct", name: "Violent crimes cleared by arrest or exceptional means", unit: "%",
    ipo: "outcome", indicator: "lagging", direction: "increase", frequency: "annual", aggregation: "avg",
    department: "PD", baseline: 42, target: 50, targets: { "2026": 45, "2027": 47, "2028": 49 }, lagDays: 45,
    published: true, description: "Clearances in the fiscal year over violent crimes reported in it." },
  { code: "crime.homicide_clearance_pct", name: "Homicides cleared by arrest or exceptional means", unit: "%",
    ipo: "outcome", indicator: "lagging", direction: "increase", frequency: "annual", aggregation: "avg",
    department: "PD", baseline: 50, target: 62, targets: { "2026": 55 }, lagDays: 45, published: true,
    description: "Clearances in the fiscal year over homicides in it." },
  { code: "police.public_confidence_pct", name: "Adults who have confidence in their local police", unit: "%",
    ipo: "outcome", indicator: "lagging", direction: "increase", frequency: "annual", aggregation: "avg",
    department: "PD", baseline: 70, target: 76, targets: { "2026": 72 }, lagDays: 45, published: true,
    description: "Annual resident survey." },
  { code: "satisfaction.police_response_pct", name: "Residents satisfied with how quickly police respond to emergencies",
    unit: "%", ipo: "outcome", indicator: "lagging", direction: "increase", frequency: "annual", aggregation: "avg",
    department: "PD", baseline: 52, target: 60, targets: { "2026": 55 }, lagDays: 45, published: true,
    description: "Annual resident survey." },
  { code: "workforce.sworn_hires_vs_plan_pct", name: "Sworn officers hired vs hiring plan", unit: "%",
    ipo: "process", indicator: "leading", direction: "increase", frequency: "monthly", aggregation: "avg",
    department: "PD", target: 100, lagDays: 30, published: false,
    description: "Fiscal-year-to-date recruits sworn in, against the hiring plan to date." },

  // Emergency Communications Center
  { code: "dispatch.calls_answered_15s_pct", name: "911 calls answered within 15 seconds", unit: "%",
    ipo: "process", indicator: "leading", direction: "increase", frequency: "monthly", aggregation: "avg",
    department: "ECC", baseline: 78, target: 90, lagDays: 30, published: true,
    description: "NENA standard: 90% of 911 calls answered within 15 seconds." },
  { code: "dispatch.abandoned_pct", name: "911 calls abandoned before answer", unit: "%",
    ipo: "process", indicator: "leading", direction: "decrease", frequency: "monthly", aggregation: "avg",
    department: "ECC", target: 5, lagDays: 30, published: false,
    description: "Each abandoned call is called back; the share shows queue pressure." },
  { code: "dispatch.call_processing_60s_pct", name: "Emergency calls processed from answer to dispatch within 60 seconds",
    unit: "%", ipo: "process", indicator: "leading", direction: "increase", frequency: "monthly", aggregation: "avg",
    department: "ECC", target: 90, lagDays: 30, published: true, description: "NFPA 1225 call-processing objective." },

  // Fire
  { code: "fire.turnout_s", name: "Fire turnout time, alert to en route (90th percentile)", unit: "seconds",
    ipo: "process", indicator: "leading", direction: "decrease", frequency: "monthly", aggregation: "avg",
    department: "FIRE", target: 80, lagDays: 30, published: false, description: "NFPA 1710 objective for fire calls." },
  { code: "fire.first_engine_240s_pct", name: "Structure fires with first-engine travel time of 240 s or less",
    unit: "%", ipo: "process", indicator: "lagging", direction: "increase", frequency: "monthly", aggregation: "avg",
    department: "FIRE", target: 90, lagDays: 30, published: true, description: "NFPA 1710 travel-time objective." },
  { code: "fire.confined_room_pct", name: "Structure fires confined to object or room of origin", unit: "%",
    ipo: "outcome", indicator: "lagging", direction: "increase", frequency: "quarterly", aggregation: "avg",
    department: "FIRE", target: 85, lagDays: 45, published: true,
    description: "From incident reports after fire investigation closes them." },
  { code: "satisfaction.fire_services_pct", name: "Residents satisfied with fire services", unit: "%",
    ipo: "outcome", indicator: "lagging", direction: "increase", frequency: "annual", aggregation: "avg",
    department: "FIRE", baseline: 84, target: 90, lagDays: 45, published: true, description: "Annual resident survey." },

  // Emergency Medical Services
  { code: "ems.turnout_s", name: "EMS turnout time, alert to en route (90th percentile)", unit: "seconds",
    ipo: "process", indicator: "leading", direction: "decrease", frequency: "monthly", aggregation: "avg",
    department: "FIRE-EMS", target: 60, lagDays: 30, published: false, description: "NFPA 1710 objective for EMS calls." },
  { code: "ems.als_travel_480s_pct", name: "ALS calls with ALS unit travel time of 480 s or less", unit: "%",
    ipo: "process", indicator: "lagging", direction: "increase", frequency: "monthly", aggregation: "avg",
    department: "FIRE-EMS", target: 90, lagDays: 30, published: true, description: "NFPA 1710 ALS travel objective." },
  { code: "ems.p1_median_min", name: "Median priority 1 EMS response time, call to arrival", unit: "minutes",
    ipo: "process", indicator: "lagging", direction: "decrease", frequency: "monthly", aggregation: "avg",
    department: "FIRE-EMS", baseline: 6.4, target: 6, lagDays: 30, published: true,
    description: "Median minutes from call answer to the first unit on scene." },
  { code: "ems.p1_compliance_pct", name: "Priority 1 EMS incidents meeting the response time goal", unit: "%",
    ipo: "process", indicator: "lagging", direction: "increase", frequency: "monthly", aggregation: "avg",
    department: "FIRE-EMS", baseline: 88, target: 92, lagDays: 30, published: true,
    description: "Priority 1 incidents reached within 8 minutes 59 seconds." },
  { code: "ems.ohca_survival_pct", name: "Out-of-hospital cardiac arrest survival to hospital discharge", unit: "%",
    ipo: "outcome", indicator: "lagging", direction: "increase", frequency: "annual", aggregation: "avg",
    department: "FIRE-EMS", baseline: 9, target: 12, targets: { "2026": 10, "2027": 11 }, lagDays: 45,
    published: true, description: "CARES registry definition, all presumed cardiac etiology arrests." },
  { code: "ems.patient_satisfaction_pct", name: "EMS patients satisfied or very satisfied", unit: "%",
    ipo: "outcome", indicator: "lagging", direction: "increase", frequency: "monthly", aggregation: "avg",
    department: "FIRE-EMS", target: 95, lagDays: 45, published: true,
    description: "Phone survey within 72 hours of contact." },

  // Health
  { code: "ems.bystander_cpr_pct", name: "Cardiac arrests receiving bystander CPR", unit: "%",
    ipo: "process", indicator: "leading", direction: "increase", frequency: "annual", aggregation: "avg",
    department: "HLT", baseline: 38, target: 50, targets: { "2026": 42, "2027": 45, "2028": 48 }, lagDays: 45,
    published: true, description: "CARES registry: non-witnessed-by-EMS arrests where a bystander started CPR." },

  // Neighborhood Services (code enforcement)
  { code: "code.inspectors_fte", name: "Code enforcement inspectors", unit: "FTE",
    ipo: "input", indicator: "leading", direction: "increase", frequency: "monthly", aggregation: "avg",
    department: "NHS", target: 30, lagDays: 30, published: false,
    description: "Field inspectors on staff, averaged over the month." },
  { code: "code.complaints_received", name: "Code complaints received", unit: "complaints",
    ipo: "input", indicator: "leading", direction: "maintain", frequency: "monthly", aggregation: "sum",
    department: "NHS", target: 1900, tolerance: 300, lagDays: 30, published: true,
    description: "Demand driver: complaints from 311 and inspectors' referrals." },
  { code: "code.cases_closed", name: "Code cases closed", unit: "cases",
    ipo: "process", indicator: "leading", direction: "increase", frequency: "monthly", aggregation: "sum",
    department: "NHS", target: 1900, lagDays: 30, published: false,
    description: "Cases closed as complied, referred or unfounded." },
  { code: "code.closure_rate_pct", name: "Code cases closed per complaint received", unit: "%",
    ipo: "process", indicator: "lagging", direction: "increase", frequency: "quarterly", aggregation: "avg",
    department: "NHS", target: 95, formula: "round(100 * code.cases_closed / code.complaints_received, 1)",
    lagDays: 30, published: true, description: "Below 100% the open caseload grows." },
  { code: "code.proactive_case_pct", name: "Code cases opened proactively by inspectors", unit: "%",
    ipo: "process", indicator: "leading", direction: "increase", frequency: "monthly", aggregation: "avg",
    department: "NHS", target: 50, lagDays: 30, published: false,
    description: "Cases an inspector opened while in the field, without a complaint." },
  { code: "code.days_to_first_response", name: "Average days from complaint assignment to inspector's first response",
    unit: "days", ipo: "process", indicator: "leading", direction: "decrease", frequency: "monthly",
    aggregation: "avg", department: "NHS", target: 3, lagDays: 30, published: true,
    description: "Business days from assignment to the first site visit or contact." },
  { code: "code.reinspection_3day_pct", name: "Re-inspections done within 3 business days of a violation notice",
    unit: "%", ipo: "process", indicator: "leading", direction: "increase", frequency: "monthly", aggregation: "avg",
    department: "NHS", baseline: 35, target: 60, lagDays: 30, published: false,
    description: "Re-inspections after the compliance deadline on a notice of violation." },
  { code: "code.requests_on_time_pct", name: "Code enforcement requests closed on time", unit: "%",
    ipo: "process", indicator: "lagging", direction: "increase", frequency: "monthly", aggregation: "avg",
    department: "NHS", target: 85, lagDays: 30, published: true,
    description: "Code request types closed within their 311 service level." },
  { code: "code.sanitation_complaint_days", name: "Average days to resolve sanitation code complaints", unit: "days",
    ipo: "process", indicator: "lagging", direction: "decrease", frequency: "monthly", aggregation: "avg",
    department: "NHS", target: 3, lagDays: 30, published: false,
    description: "Trash, dumping and overgrown-lot complaints." },
  { code: "code.graffiti_removal_days", name: "Average days to complete a graffiti removal request", unit: "days",
    ipo: "process", indicator: "lagging", direction: "decrease", frequency: "monthly", aggregation: "avg",
    department: "NHS", target: 10, lagDays: 30, published: true, description: "Public and private property with consent." },
  { code: "code.voluntary_compliance_pct", name: "Code cases resolved through voluntary compliance", unit: "%",
    ipo: "outcome", indicator: "lagging", direction: "increase", frequency: "quarterly", aggregation: "avg",
    department: "NHS", target: 90, lagDays: 30, published: true,
    description: "Closed cases resolved without a citation or abatement." },
  { code: "code.compliance_45d_pct", name: "Violations brought into compliance within 45 days", unit: "%",
    ipo: "outcome", indicator: "lagging", direction: "increase", frequency: "quarterly", aggregation: "avg",
    department: "NHS", target: 90, lagDays: 30, published: true,
    description: "Excludes substandard-structure and zoning cases." },
  { code: "code.resident_satisfaction_pct", name: "Residents satisfied with code enforcement", unit: "%",
    ipo: "outcome", indicator: "lagging", direction: "increase", frequency: "annual", aggregation: "avg",
    department: "NHS", baseline: 44, target: 55, targets: { "2026": 48, "2027": 51, "2028": 53 }, lagDays: 45,
    published: true, description: "Annual resident survey." },

  // Parks and Libraries
  { code: "parks.spending_per_resident", name: "Park and recreation spending per resident", unit: "USD",
    ipo: "input", indicator: "leading", direction: "increase", frequency: "annual", aggregation: "avg",
    department: "PRL", baseline: 92, target: 110, targets: { "2026": 98, "2027": 102, "2028": 106 }, lagDays: 45,
    published: true, description: "Operating and capital spending, public and private (ParkScore method)." },
  { code: "parks.parkland_pct_city_area", name: "Parkland as a share of city area", unit: "%",
    ipo: "input", indicator: "leading", direction: "increase", frequency: "annual", aggregation: "last",
    department: "PRL-PRK", baseline: 8.9, target: 9.5, targets: { "2026": 9.1, "2027": 9.2, "2028": 9.4 },
    lagDays: 30, published: false, description: "City-owned and publicly accessible parkland, June 30." },
  { code: "parks.maintenance_on_time_pct", name: "Park maintenance requests completed on time", unit: "%",
    ipo: "process", indicator: "lagging", direction: "increase", frequency: "monthly", aggregation: "avg",
    department: "PRL-PRK", target: 85, lagDays: 30, published: true,
    description: "Mowing, litter, playground and restroom requests closed within their service level." },
  { code: "parks.program_participants", name: "Recreation program participants", unit: "participants",
    ipo: "process", indicator: "leading", direction: "increase", frequency: "quarterly", aggregation: "sum",
    department: "PRL-PRK", target: 42000, lagDays: 30, published: true,
    description: "Registrations in classes, leagues, camps and aquatics." },
  { code: "parks.walk10_pct", name: "Residents living within a 10-minute walk of a park", unit: "%",
    ipo: "outcome", indicator: "lagging", direction: "increase", frequency: "annual", aggregation: "last",
    department: "PRL-PRK", baseline: 62, target: 70, targets: { "2026": 64, "2027": 66, "2028": 68 }, lagDays: 30,
    published: true, description: "ParkScore method: half-mile walk along the street network." },
  { code: "parks.satisfaction_pct", name: "Residents satisfied with parks and recreation", unit: "%",
    ipo: "outcome", indicator: "lagging", direction: "increase", frequency: "annual", aggregation: "avg",
    department: "PRL-PRK", baseline: 80, target: 88, targets: { "2026": 83, "2027": 85, "2028": 87 }, lagDays: 45,
    published: true, description: "Annual resident survey." },
  { code: "library.program_attendance_per_1000", name: "Library program attendance per 1,000 residents",
    unit: "per 1,000", ipo: "process", indicator: "leading", direction: "increase", frequency: "annual",
    aggregation: "avg", department: "PRL-LIB", baseline: 205, target: 240, targets: { "2026": 220 }, lagDays: 45,
    published: true, description: "Story times, classes and events, all ages." },
  { code: "library.visits_per_capita", name: "Library visits per resident", unit: "visits per resident",
    ipo: "outcome", indicator: "lagging", direction: "increase", frequency: "annual", aggregation: "avg",
    department: "PRL-LIB", baseline: 3.9, target: 4.5, targets: { "2026": 4.1, "2027": 4.25, "2028": 4.4 },
    lagDays: 45, published: true, description: "Door counts at all branches over the July 1 population." },
  { code: "library.circulation_per_capita", name: "Library items circulated per resident", unit: "items per resident",
    ipo: "outcome", indicator: "lagging", direction: "increase", frequency: "annual", aggregation: "avg",
    department: "PRL-LIB", baseline: 6.8, target: 8, targets: { "2025": 7, "2026": 7.2, "2027": 7.5 }, lagDays: 45,
    published: true, description: "Physical and digital checkouts and renewals over the July 1 population." },
  { code: "library.active_users", name: "Active library users", unit: "users",
    ipo: "outcome", indicator: "lagging", direction: "increase", frequency: "monthly", aggregation: "avg",
    department: "PRL-LIB", baseline: 52000, target: 62000, lagDays: 30, published: true,
    description: "Card holders who borrowed, logged in or attended in the past 12 months, at month end." },
  { code: "library.satisfaction_pct", name: "Residents satisfied with library services", unit: "%",
    ipo: "outcome", indicator: "lagging", direction: "increase", frequency: "annual", aggregation: "avg",
    department: "PRL-LIB", baseline: 86, target: 92, targets: { "2026": 88 }, lagDays: 45, published: true,
    description: "Annual resident survey." },

  // Finance
  { code: "finance.police_spending_usd", name: "Police department operating spending", unit: "USD",
    ipo: "input", indicator: "leading", direction: "maintain", frequency: "annual", aggregation: "sum",
    department: "FIN", target: 122000000, tolerance: 3000000, lagDays: 45, published: true,
    description: "Actual operating spending in the fiscal year against the adopted budget of $122 million." },
  { code: "finance.police_cost_per_capita", name: "Police department spending per resident", unit: "USD",
    ipo: "input", indicator: "leading", direction: "maintain", frequency: "annual", aggregation: "last",
    department: "FIN", target: 255, tolerance: 15, formula: "round(finance.police_spending_usd / city.population, 2)",
    lagDays: 45, published: true, description: "Police operating spending over the July 1 population." },
  { code: "finance.revenue_forecast_error_pct", name: "Gap between actual and budgeted revenue (absolute %)",
    unit: "%", ipo: "process", indicator: "lagging", direction: "decrease", frequency: "quarterly",
    aggregation: "avg", department: "FIN", target: 5, lagDays: 45, published: true,
    description: "General fund, fiscal year to date." },
  { code: "finance.expenditure_variance_pct", name: "Actual spending vs budget (% over budget, negative when under)",
    unit: "%", ipo: "process", indicator: "lagging", direction: "maintain", frequency: "monthly", aggregation: "avg",
    department: "FIN", target: 0, tolerance: 2, lagDays: 45, published: true,
    description: "General fund, fiscal year to date against the budget allotted to date." },
  { code: "finance.fund_balance_months", name: "Unrestricted general fund balance, in months of operating spending",
    unit: "months", ipo: "outcome", indicator: "lagging", direction: "increase", frequency: "annual",
    aggregation: "last", department: "FIN", baseline: 1.6, target: 2, targets: { "2026": 1.8 }, lagDays: 45,
    published: true, description: "GFOA minimum is two months; audited figure at June 30." },
  { code: "finance.invoices_paid_30d_pct", name: "Undisputed invoices paid within 30 days", unit: "%",
    ipo: "process", indicator: "leading", direction: "increase", frequency: "monthly", aggregation: "avg",
    department: "FIN", target: 100, lagDays: 30, published: true, description: "Accounts payable, all funds." },
  { code: "finance.sme_invoices_paid_5d_pct", name: "Undisputed small-business invoices paid within 5 days", unit: "%",
    ipo: "process", indicator: "leading", direction: "increase", frequency: "monthly", aggregation: "avg",
    department: "FIN", target: 90, lagDays: 30, published: false, description: "Certified small local businesses." },

  // Human Resources
  { code: "governance.ethics_training_pct", name: "Employees completing mandatory annual ethics training", unit: "%",
    ipo: "process", indicator: "leading", direction: "increase", frequency: "annual", aggregation: "avg",
    department: "HR", target: 100, lagDays: 30, published: true, description: "Completed by June 30." },
  { code: "workforce.training_spend_pct", name: "Training budget as a share of personnel budget", unit: "%",
    ipo: "input", indicator: "leading", direction: "increase", frequency: "annual", aggregation: "avg",
    department: "HR", baseline: 1.2, target: 2, targets: { "2026": 1.5, "2027": 1.7, "2028": 1.85 }, lagDays: 45,
    published: false, description: "All departments, adopted budget." },
  { code: "workforce.overtime_spend", name: "Overtime spending", unit: "USD",
    ipo: "input", indicator: "leading", direction: "decrease", frequency: "monthly", aggregation: "sum",
    department: "HR", target: 2600000, lagDays: 30, published: true,
    description: "All departments; police, fire and 911 account for four-fifths." },
  { code: "workforce.exams_150d_pct", name: "Civil-service exams completed within 150 days", unit: "%",
    ipo: "process", indicator: "leading", direction: "increase", frequency: "monthly", aggregation: "avg",
    department: "HR", target: 85, lagDays: 30, published: false,
    description: "From exam request to eligible list, exams finished in the month." },
  { code: "workforce.time_to_hire_days", name: "Days from hiring need to start date", unit: "days",
    ipo: "process", indicator: "lagging", direction: "decrease", frequency: "quarterly", aggregation: "avg",
    department: "HR", baseline: 110, target: 80, lagDays: 30, published: true,
    description: "From the requisition's approval to the new employee's first day, hires starting in the quarter." },
  { code: "workforce.engagement_index", name: "Employee engagement index", unit: "index 0-100",
    ipo: "process", indicator: "leading", direction: "increase", frequency: "annual", aggregation: "avg",
    department: "HR", baseline: 70, target: 75, targets: { "2026": 72 }, lagDays: 45, published: true,
    description: "Annual employee survey, FEVS engagement items." },
  { code: "workforce.turnover_pct", name: "Annual employee turnover", unit: "%",
    ipo: "process", indicator: "lagging", direction: "decrease", frequency: "quarterly", aggregation: "avg",
    department: "HR", target: 10, lagDays: 30, published: true,
    description: "Separations in the last 12 months over average headcount, at quarter end." },
  { code: "workforce.vacancy_rate_pct", name: "Vacant share of authorized positions", unit: "%",
    ipo: "process", indicator: "leading", direction: "decrease", frequency: "monthly", aggregation: "last",
    department: "HR", target: 5, lagDays: 30, published: true,
    description: "Funded full-time positions without an incumbent, at month end." },

  // Municipal Court
  { code: "courts.sitting_days", name: "Court sitting days funded", unit: "days",
    ipo: "input", indicator: "leading", direction: "increase", frequency: "annual", aggregation: "sum",
    department: "CRT", baseline: 960, target: 1000, targets: { "2026": 985 }, lagDays: 30, published: false,
    description: "Courtroom days across all divisions." },
  { code: "courts.receipts", name: "New cases received (filings)", unit: "cases",
    ipo: "input", indicator: "leading", direction: "maintain", frequency: "quarterly", aggregation: "sum",
    department: "CRT", target: 9000, tolerance: 1200, lagDays: 30, published: true,
    description: "Demand driver: traffic, ordinance and misdemeanor filings." },
  { code: "courts.trial_date_certainty", name: "Times a case is scheduled for trial before it is tried",
    unit: "settings per case", ipo: "process", indicator: "leading", direction: "decrease", frequency: "quarterly",
    aggregation: "avg", department: "CRT", baseline: 2.1, target: 1.6, lagDays: 30, published: false,
    description: "CourTools Measure 5, cases tried in the quarter." },
  { code: "courts.clearance_rate_pct", name: "Case clearance rate (cases disposed / cases filed)", unit: "%",
    ipo: "process", indicator: "leading", direction: "increase", frequency: "quarterly", aggregation: "avg",
    department: "CRT", target: 100, lagDays: 30, published: true, description: "CourTools Measure 2." },
  { code: "courts.misdemeanor_disposed_90d_pct", name: "Misdemeanor cases resolved within 90 days", unit: "%",
    ipo: "outcome", indicator: "lagging", direction: "increase", frequency: "quarterly", aggregation: "avg",
    department: "CRT", target: 90, lagDays: 30, published: true, description: "ABA model time standard." },
  { code: "courts.access_fairness_score", name: "Court users' rating of access and fair treatment",
    unit: "index 0-100", ipo: "outcome", indicator: "lagging", direction: "increase", frequency: "annual",
    aggregation: "avg", department: "CRT", baseline: 70, target: 80, targets: { "2026": 74, "2027": 76 },
    lagDays: 45, published: true, description: "CourTools Measure 1, exit survey over two weeks each spring." },
];

// ── Driver links ─────────────────────────────────────────────────────────────────────────────────────────────────
// Every link of the catalog between KPIs above, with the catalog's direction and polarity; weights 1–3 mark how much
// of the outcome the driver is believed to explain.

// prettier-ignore
const LINKS: DriverTreeLink[] = [
  // Permits
  { from: "permits.plan_reviewers_fte", to: "permits.plan_review_days", weight: 3, polarity: "negative" },
  { from: "permits.plan_reviewers_fte", to: "permits.inspections_same_day_pct", weight: 2, polarity: "positive" },
  { from: "permits.online_submission_pct", to: "permits.intake_routed_1day_pct", weight: 1, polarity: "positive" },
  { from: "permits.intake_routed_1day_pct", to: "permits.plan_review_days", weight: 1, polarity: "negative" },
  { from: "permits.online_submission_pct", to: "permits.easy_permit_days", weight: 2, polarity: "negative" },
  { from: "permits.online_submission_pct", to: "permits.limited_license_days", weight: 2, polarity: "negative" },
  { from: "permits.plan_review_days", to: "permits.standard_permit_days", weight: 3, polarity: "positive" },
  { from: "permits.plan_review_days", to: "permits.sfd_ready_days", weight: 3, polarity: "positive" },
  { from: "permits.plan_review_days", to: "permits.issued_10day_pct", weight: 2, polarity: "negative" },
  { from: "permits.sfd_ready_days", to: "permits.applicant_satisfaction_pct", weight: 1, polarity: "negative" },
  { from: "permits.standard_permit_days", to: "permits.applicant_satisfaction_pct", weight: 2, polarity: "negative" },
  { from: "permits.business_license_days", to: "permits.applicant_satisfaction_pct", weight: 1, polarity: "negative" },
  { from: "permits.food_license_days", to: "permits.applicant_satisfaction_pct", weight: 1, polarity: "negative" },
  { from: "permits.inspections_same_day_pct", to: "permits.applicant_satisfaction_pct", weight: 1, polarity: "positive" },
  { from: "permits.issued_10day_pct", to: "permits.applicant_satisfaction_pct", weight: 2, polarity: "positive" },
  { from: "permits.applicant_satisfaction_pct", to: "satisfaction.customer_service_pct", weight: 1, polarity: "positive" },
  { from: "workforce.vacancy_rate_pct", to: "permits.plan_review_days", weight: 1, polarity: "positive" },
  // 311
  { from: "cs311.call_takers_on_shift", to: "cs311.answered_30s_pct", weight: 3, polarity: "positive" },
  { from: "cs311.call_volume", to: "cs311.answered_30s_pct", weight: 2, polarity: "negative" },
  { from: "cs311.answered_30s_pct", to: "cs311.abandoned_pct", weight: 3, polarity: "negative" },
  { from: "cs311.answered_30s_pct", to: "cs311.courtesy_rating_pct", weight: 1, polarity: "positive" },
  { from: "cs311.abandoned_pct", to: "satisfaction.customer_service_pct", weight: 1, polarity: "negative" },
  { from: "cs311.first_contact_resolution_pct", to: "satisfaction.customer_service_pct", weight: 2, polarity: "positive" },
  { from: "cs311.website_uptime_pct", to: "satisfaction.customer_service_pct", weight: 1, polarity: "positive" },
  { from: "cs311.courtesy_rating_pct", to: "satisfaction.customer_service_pct", weight: 2, polarity: "positive" },
  { from: "cs311.requests_on_time_pct", to: "satisfaction.post_service_score", weight: 3, polarity: "positive" },
  { from: "cs311.requests_on_time_pct", to: "satisfaction.overall_services_pct", weight: 2, polarity: "positive" },
  { from: "workforce.vacancy_rate_pct", to: "cs311.answered_30s_pct", weight: 1, polarity: "negative" },
  { from: "satisfaction.post_service_score", to: "satisfaction.customer_service_pct", weight: 2, polarity: "positive" },
  { from: "satisfaction.customer_service_pct", to: "satisfaction.overall_services_pct", weight: 2, polarity: "positive" },
  // Streets
  { from: "streets.pothole_crews_per_day", to: "streets.potholes_repaired", weight: 3, polarity: "positive" },
  { from: "streets.potholes_repaired", to: "streets.pothole_repair_days", weight: 2, polarity: "negative" },
  { from: "streets.pothole_requests", to: "streets.pothole_repair_days", weight: 1, polarity: "positive" },
  { from: "streets.resurfacing_budget_usd", to: "streets.lane_miles_resurfaced", weight: 3, polarity: "positive" },
  { from: "streets.lane_miles_resurfaced", to: "streets.pci_avg", weight: 3, polarity: "positive" },
  { from: "streets.pci_avg", to: "streets.network_good_pct", weight: 3, polarity: "positive" },
  { from: "streets.pci_avg", to: "streets.street_satisfaction_pct", weight: 2, polarity: "positive" },
  { from: "streets.pothole_repair_days", to: "streets.street_satisfaction_pct", weight: 1, polarity: "negative" },
  { from: "streets.pothole_repair_days", to: "cs311.requests_on_time_pct", weight: 1, polarity: "negative" },
  { from: "streets.signal_repair_days", to: "cs311.requests_on_time_pct", weight: 1, polarity: "negative" },
  { from: "streets.streetlight_repair_days", to: "satisfaction.overall_services_pct", weight: 1, polarity: "negative" },
  { from: "streets.street_satisfaction_pct", to: "satisfaction.overall_services_pct", weight: 3, polarity: "positive" },
  // Public safety
  { from: "finance.police_cost_per_capita", to: "police.sworn_per_1000", weight: 2, polarity: "positive" },
  { from: "police.sworn_per_1000", to: "police.p1_response_min", weight: 2, polarity: "negative" },
  { from: "police.sworn_per_1000", to: "crime.homicide_clearance_pct", weight: 1, polarity: "positive" },
  { from: "dispatch.calls_answered_15s_pct", to: "police.p1_response_min", weight: 2, polarity: "negative" },
  { from: "dispatch.calls_answered_15s_pct", to: "dispatch.abandoned_pct", weight: 3, polarity: "negative" },
  { from: "dispatch.call_processing_60s_pct", to: "ems.p1_median_min", weight: 2, polarity: "negative" },
  { from: "dispatch.call_processing_60s_pct", to: "fire.confined_room_pct", weight: 1, polarity: "positive" },
  { from: "workforce.vacancy_rate_pct", to: "dispatch.calls_answered_15s_pct", weight: 2, polarity: "negative" },
  { from: "workforce.sworn_hires_vs_plan_pct", to: "police.p1_response_min", weight: 1, polarity: "negative" },
  { from: "fire.turnout_s", to: "fire.confined_room_pct", weight: 1, polarity: "negative" },
  { from: "fire.first_engine_240s_pct", to: "fire.confined_room_pct", weight: 2, polarity: "positive" },
  { from: "fire.confined_room_pct", to: "satisfaction.fire_services_pct", weight: 1, polarity: "positive" },
  { from: "ems.turnout_s", to: "ems.p1_median_min", weight: 1, polarity: "positive" },
  { from: "ems.p1_median_min", to: "ems.p1_compliance_pct", weight: 3, polarity: "negative" },
  { from: "ems.p1_median_min", to: "ems.ohca_survival_pct", weight: 2, polarity: "negative" },
  { from: "ems.als_travel_480s_pct", to: "ems.ohca_survival_pct", weight: 1, polarity: "positive" },
  { from: "ems.bystander_cpr_pct", to: "ems.ohca_survival_pct", weight: 3, polarity: "positive" },
  { from: "ems.p1_median_min", to: "ems.patient_satisfaction_pct", weight: 1, polarity: "negative" },
  { from: "police.p1_response_min", to: "satisfaction.police_response_pct", weight: 3, polarity: "negative" },
  { from: "police.p1_response_min", to: "crime.violent_clearance_pct", weight: 1, polarity: "negative" },
  { from: "crime.violent_clearance_pct", to: "crime.part1_crimes", weight: 1, polarity: "negative" },
  { from: "crime.part1_crimes", to: "police.public_confidence_pct", weight: 1, polarity: "negative" },
  { from: "satisfaction.police_response_pct", to: "satisfaction.overall_services_pct", weight: 2, polarity: "positive" },
  { from: "satisfaction.fire_services_pct", to: "satisfaction.overall_services_pct", weight: 1, polarity: "positive" },
  // Municipal court
  { from: "courts.sitting_days", to: "courts.clearance_rate_pct", weight: 2, polarity: "positive" },
  { from: "courts.trial_date_certainty", to: "courts.clearance_rate_pct", weight: 1, polarity: "negative" },
  { from: "courts.clearance_rate_pct", to: "courts.misdemeanor_disposed_90d_pct", weight: 2, polarity: "positive" },
  { from: "courts.trial_date_certainty", to: "courts.access_fairness_score", weight: 1, polarity: "negative" },
  // Code enforcement
  { from: "code.inspectors_fte", to: "code.days_to_first_response", weight: 3, polarity: "negative" },
  { from: "code.inspectors_fte", to: "code.reinspection_3day_pct", weight: 2, polarity: "positive" },
  { from: "code.inspectors_fte", to: "code.proactive_case_pct", weight: 2, polarity: "positive" },
  { from: "code.complaints_received", to: "code.days_to_first_response", weight: 2, polarity: "positive" },
  { from: "workforce.vacancy_rate_pct", to: "code.days_to_first_response", weight: 1, polarity: "positive" },
  { from: "code.days_to_first_response", to: "code.requests_on_time_pct", weight: 2, polarity: "negative" },
  { from: "code.requests_on_time_pct", to: "cs311.requests_on_time_pct", weight: 1, polarity: "positive" },
  { from: "code.reinspection_3day_pct", to: "code.compliance_45d_pct", weight: 2, polarity: "positive" },
  { from: "code.reinspection_3day_pct", to: "code.voluntary_compliance_pct", weight: 1, polarity: "positive" },
  { from: "code.proactive_case_pct", to: "code.voluntary_compliance_pct", weight: 1, polarity: "positive" },
  { from: "code.sanitation_complaint_days", to: "code.resident_satisfaction_pct", weight: 1, polarity: "negative" },
  { from: "code.graffiti_removal_days", to: "code.resident_satisfaction_pct", weight: 1, polarity: "negative" },
  { from: "code.compliance_45d_pct", to: "code.resident_satisfaction_pct", weight: 2, polarity: "positive" },
  { from: "code.resident_satisfaction_pct", to: "satisfaction.overall_services_pct", weight: 1, polarity: "positive" },
  // Parks and libraries
  { from: "parks.spending_per_resident", to: "parks.maintenance_on_time_pct", weight: 2, polarity: "positive" },
  { from: "parks.spending_per_resident", to: "parks.program_participants", weight: 1, polarity: "positive" },
  { from: "parks.parkland_pct_city_area", to: "parks.walk10_pct", weight: 3, polarity: "positive" },
  { from: "parks.maintenance_on_time_pct", to: "parks.satisfaction_pct", weight: 2, polarity: "positive" },
  { from: "parks.program_participants", to: "parks.satisfaction_pct", weight: 1, polarity: "positive" },
  { from: "parks.walk10_pct", to: "parks.satisfaction_pct", weight: 1, polarity: "positive" },
  { from: "parks.satisfaction_pct", to: "satisfaction.overall_services_pct", weight: 1, polarity: "positive" },
  { from: "library.program_attendance_per_1000", to: "library.visits_per_capita", weight: 2, polarity: "positive" },
  { from: "library.program_attendance_per_1000", to: "library.active_users", weight: 1, polarity: "positive" },
  { from: "library.visits_per_capita", to: "library.circulation_per_capita", weight: 2, polarity: "positive" },
  { from: "library.visits_per_capita", to: "library.satisfaction_pct", weight: 1, polarity: "positive" },
  { from: "library.satisfaction_pct", to: "satisfaction.overall_services_pct", weight: 1, polarity: "positive" },
  // Finance, governance and workforce
  { from: "workforce.overtime_spend", to: "finance.expenditure_variance_pct", weight: 2, polarity: "positive" },
  { from: "finance.expenditure_variance_pct", to: "finance.fund_balance_months", weight: 2, polarity: "negative" },
  { from: "finance.sme_invoices_paid_5d_pct", to: "finance.invoices_paid_30d_pct", weight: 1, polarity: "positive" },
  { from: "governance.open_audit_recs", to: "governance.audit_recs_implemented_pct", weight: 3, polarity: "negative" },
  { from: "governance.ethics_training_pct", to: "governance.disclosures_filed_pct", weight: 1, polarity: "positive" },
  { from: "workforce.training_spend_pct", to: "workforce.engagement_index", weight: 1, polarity: "positive" },
  { from: "workforce.engagement_index", to: "workforce.turnover_pct", weight: 2, polarity: "negative" },
  { from: "workforce.turnover_pct", to: "workforce.vacancy_rate_pct", weight: 2, polarity: "positive" },
  { from: "workforce.time_to_hire_days", to: "workforce.vacancy_rate_pct", weight: 3, polarity: "positive" },
  { from: "workforce.exams_150d_pct", to: "workforce.time_to_hire_days", weight: 2, polarity: "negative" },
];

// ── Objectives and key results ───────────────────────────────────────────────────────────────────────────────────
// Six goal areas of the Citywide Business Plan (owned by the City Manager's Office), each cascading into department
// objectives. Metric key results run over the first two fiscal years (to 2027-06-30) or the whole plan.

const FY26_START = "2025-07-01";
const FY27_END = "2027-06-30";
const PLAN_END = "2029-06-30";

// prettier-ignore
const OBJECTIVES: DriverTreeObjective[] = [
  // Infrastructure
  { code: "INF", title: "Streets, lights and signals in good repair", department: "CM", parent: null, weight: 1,
    published: true, keyResults: [] },
  { code: "INF-1", title: "Repair potholes within a week of the report", department: "PW-STR", parent: "INF",
    weight: 2, published: true, keyResults: [
      { code: "INF-1.KR1", title: "Cut average pothole repair time from 8.4 to 5 days", kind: "metric",
        kpi: "streets.pothole_repair_days", start: 8.4, target: 5, startDate: FY26_START, dueDate: FY27_END, weight: 2 },
      { code: "INF-1.KR2", title: "Repair 3,000 potholes a month", kind: "metric", kpi: "streets.potholes_repaired",
        start: 2300, target: 3000, startDate: FY26_START, dueDate: FY27_END, weight: 1 },
      { code: "INF-1.KR3", title: "Route pothole crews from the new work-order system", kind: "milestone",
        progress: 0.6, startDate: FY26_START, dueDate: "2026-12-31", weight: 1 },
    ] },
  { code: "INF-2", title: "Raise pavement condition with a steady resurfacing programme", department: "PW",
    parent: "INF", weight: 2, published: true, keyResults: [
      { code: "INF-2.KR1", title: "Raise the network PCI from 62 to 70", kind: "metric", kpi: "streets.pci_avg",
        start: 62, target: 70, startDate: FY26_START, dueDate: PLAN_END, weight: 2 },
      { code: "INF-2.KR2", title: "Resurface 320 lane miles a year", kind: "metric", kpi: "streets.lane_miles_resurfaced",
        start: 220, target: 320, startDate: FY26_START, dueDate: PLAN_END, weight: 1 },
      { code: "INF-2.KR3", title: "Council adopts a dedicated resurfacing funding source", kind: "qualitative",
        zone: "commit", weight: 1 },
    ] },
  { code: "INF-3", title: "Keep street lights and traffic signals working", department: "PW-TRF", parent: "INF",
    weight: 1, published: false, keyResults: [
      { code: "INF-3.KR1", title: "Restore street-light circuit outages within 4 days", kind: "metric",
        kpi: "streets.streetlight_repair_days", start: 5.2, target: 4, startDate: FY26_START, dueDate: FY27_END,
        weight: 2 },
      { code: "INF-3.KR2", title: "Convert 60% of street lights to LED with outage sensors", kind: "milestone",
        progress: 0.4, startDate: FY26_START, dueDate: "2028-06-30", weight: 1 },
    ] },

  // Public safety
  { code: "PS", title: "Residents are safe and emergency help arrives fast", department: "CM", parent: null,
    weight: 1, published: true, keyResults: [] },
  { code: "PS-1", title: "Respond quickly to priority 1 calls and solve violent crime", department: "PD",
    parent: "PS", weight: 2, published: true, keyResults: [
      { code: "PS-1.KR1", title: "Priority 1 response under 7 minutes", kind: "metric", kpi: "police.p1_response_min",
        start: 7.6, target: 7, startDate: FY26_START, dueDate: FY27_END, weight: 2 },
      { code: "PS-1.KR2", title: "Clear half of violent crimes", kind: "metric", kpi: "crime.violent_clearance_pct",
        start: 42, target: 50, startDate: FY26_START, dueDate: PLAN_END, weight: 1 },
      { code: "PS-1.KR3", title: "Neighborhood listening sessions show rising trust", kind: "qualitative",
        zone: "target", weight: 1 },
    ] },
  { code: "PS-2", title: "Answer every 911 call within 15 seconds", department: "ECC", parent: "PS", weight: 2,
    published: true, keyResults: [
      { code: "PS-2.KR1", title: "Answer 90% of 911 calls within 15 seconds", kind: "metric",
        kpi: "dispatch.calls_answered_15s_pct", start: 78, target: 90, startDate: FY26_START, dueDate: FY27_END,
        weight: 2 },
      { code: "PS-2.KR2", title: "Hire and certify 12 new telecommunicators", kind: "milestone", progress: 0.5,
        startDate: FY26_START, dueDate: "2026-12-31", weight: 1 },
    ] },
  { code: "PS-3", title: "Contain fires and save more lives from cardiac arrest", department: "FIRE", parent: "PS",
    weight: 1, published: true, keyResults: [
      { code: "PS-3.KR1", title: "Confine 85% of structure fires to the room of origin", kind: "metric",
        kpi: "fire.confined_room_pct", start: 79, target: 85, startDate: FY26_START, dueDate: FY27_END, weight: 1 },
      { code: "PS-3.KR2", title: "Raise cardiac arrest survival from 9% to 12%", kind: "metric",
        kpi: "ems.ohca_survival_pct", start: 9, target: 12, startDate: FY26_START, dueDate: PLAN_END, weight: 2 },
      { code: "PS-3.KR3", title: "92% of priority 1 EMS incidents reached on time", kind: "metric",
        kpi: "ems.p1_compliance_pct", start: 88, target: 92, startDate: FY26_START, dueDate: FY27_END, weight: 1 },
    ] },
  { code: "PS-4", title: "Resolve municipal court cases promptly and fairly", department: "CRT", parent: "PS",
    weight: 1, published: false, keyResults: [
      { code: "PS-4.KR1", title: "Resolve 90% of misdemeanors within 90 days", kind: "metric",
        kpi: "courts.misdemeanor_disposed_90d_pct", start: 82, target: 90, startDate: FY26_START, dueDate: FY27_END,
        weight: 1 },
    ] },

  // Healthy communities
  { code: "HC", title: "Healthy communities: parks, libraries and health within reach", department: "CM",
    parent: null, weight: 1, published: true, keyResults: [] },
  { code: "HC-1", title: "Parks and libraries that residents use and value", department: "PRL", parent: "HC",
    weight: 2, published: true, keyResults: [
      { code: "HC-1.KR1", title: "70% of residents within a 10-minute walk of a park", kind: "metric",
        kpi: "parks.walk10_pct", start: 62, target: 70, startDate: FY26_START, dueDate: PLAN_END, weight: 1 },
      { code: "HC-1.KR2", title: "4.5 library visits per resident", kind: "metric", kpi: "library.visits_per_capita",
        start: 3.9, target: 4.5, startDate: FY26_START, dueDate: PLAN_END, weight: 1 },
      { code: "HC-1.KR3", title: "Reopen all five public pools for summer 2027", kind: "milestone", progress: 0.35,
        startDate: "2026-06-01", dueDate: "2027-05-31", weight: 1 },
      { code: "HC-1.KR4", title: "Residents see parks as well kept and safe", kind: "qualitative", zone: "commit",
        weight: 1 },
    ] },
  { code: "HC-2", title: "More residents ready to give CPR", department: "HLT", parent: "HC", weight: 1,
    published: true, keyResults: [
      { code: "HC-2.KR1", title: "Bystander CPR in half of cardiac arrests", kind: "metric",
        kpi: "ems.bystander_cpr_pct", start: 38, target: 50, startDate: FY26_START, dueDate: PLAN_END, weight: 2 },
      { code: "HC-2.KR2", title: "Hands-only CPR taught in every public high school", kind: "milestone",
        progress: 0.6, startDate: FY26_START, dueDate: FY27_END, weight: 1 },
    ] },

  // Neighborhoods
  { code: "NBH", title: "Clean, safe and well-kept neighborhoods", department: "CM", parent: null, weight: 1,
    published: true, keyResults: [] },
  { code: "NBH-1", title: "Respond to code complaints within three days and get violations fixed",
    department: "NHS", parent: "NBH", weight: 1, published: true, keyResults: [
      { code: "NBH-1.KR1", title: "First response to code complaints within 3 days", kind: "metric",
        kpi: "code.days_to_first_response", start: 3.9, target: 3, startDate: FY26_START, dueDate: FY27_END,
        weight: 2 },
      { code: "NBH-1.KR2", title: "90% of violations in compliance within 45 days", kind: "metric",
        kpi: "code.compliance_45d_pct", start: 78, target: 90, startDate: FY26_START, dueDate: FY27_END, weight: 1 },
      { code: "NBH-1.KR3", title: "Launch proactive rental inspections in four neighborhoods", kind: "milestone",
        progress: 0.6, startDate: FY26_START, dueDate: FY27_END, weight: 1 },
    ] },

  // Economic development
  { code: "ED", title: "A city where it is easy to build and open a business", department: "CM", parent: null,
    weight: 1, published: true, keyResults: [] },
  { code: "ED-1", title: "Issue permits and licenses fast", department: "PLN", parent: "ED", weight: 1,
    published: true, keyResults: [
      { code: "ED-1.KR1", title: "Issue 85% of permits within 10 business days", kind: "metric",
        kpi: "permits.issued_10day_pct", start: 74, target: 85, startDate: FY26_START, dueDate: FY27_END, weight: 1 },
      { code: "ED-1.KR2", title: "Cut plan review turnaround from 14 to 10 days", kind: "metric",
        kpi: "permits.plan_review_days", start: 14, target: 10, startDate: FY26_START, dueDate: FY27_END, weight: 2 },
      { code: "ED-1.KR3", title: "Launch the online permit portal for all trades", kind: "milestone", progress: 0.7,
        startDate: FY26_START, dueDate: FY27_END, weight: 1 },
      { code: "ED-1.KR4", title: "Small-business owners rate licensing as fair and predictable", kind: "qualitative",
        zone: "target", weight: 1 },
    ] },

  // Governance and customer service
  { code: "GOV", title: "Responsive, well-run government", department: "CM", parent: null, weight: 1,
    published: true, keyResults: [] },
  { code: "GOV-1", title: "Answer and resolve residents' requests the first time", department: "CS", parent: "GOV",
    weight: 2, published: true, keyResults: [
      { code: "GOV-1.KR1", title: "Answer 90% of 311 calls within 30 seconds", kind: "metric",
        kpi: "cs311.answered_30s_pct", start: 68, target: 90, startDate: FY26_START, dueDate: FY27_END, weight: 2 },
      { code: "GOV-1.KR2", title: "60% of residents satisfied with customer service", kind: "metric",
        kpi: "satisfaction.customer_service_pct", start: 50, target: 60, startDate: FY26_START, dueDate: PLAN_END,
        weight: 1 },
    ] },
  { code: "GOV-2", title: "Keep the city's finances sound", department: "FIN", parent: "GOV", weight: 1,
    published: true, keyResults: [
      { code: "GOV-2.KR1", title: "Two months of operating spending in the unrestricted fund balance", kind: "metric",
        kpi: "finance.fund_balance_months", start: 1.6, target: 2, startDate: FY26_START, dueDate: FY27_END,
        weight: 2 },
      { code: "GOV-2.KR2", title: "Keep the AA bond rating with a stable outlook", kind: "qualitative",
        zone: "target", weight: 1 },
    ] },
  { code: "GOV-3", title: "Fill vacant positions faster", department: "HR", parent: "GOV", weight: 1,
    published: false, keyResults: [
      { code: "GOV-3.KR1", title: "Cut time to hire from 110 to 80 days", kind: "metric",
        kpi: "workforce.time_to_hire_days", start: 110, target: 80, startDate: FY26_START, dueDate: FY27_END,
        weight: 2 },
      { code: "GOV-3.KR2", title: "Vacancy rate down to 6%", kind: "metric", kpi: "workforce.vacancy_rate_pct",
        start: 9.5, target: 6, startDate: FY26_START, dueDate: FY27_END, weight: 1 },
      { code: "GOV-3.KR3", title: "Online applications and digital onboarding for every job class",
        kind: "milestone", progress: 0.55, startDate: FY26_START, dueDate: FY27_END, weight: 1 },
    ] },
];

// ── Measurements ─────────────────────────────────────────────────────────────────────────────────────────────────
// One series spec per KPI that is not a formula. `path` gives the underlying level at evenly spaced points from the
// first to the last period of the KPI's frequency (piecewise linear); `noise` is ± in the KPI's unit; `season` adds a
// yearly cycle to monthly series (amplitude as a share of the level, peaking in `peakMonth`); `lastPeriod` stops
// the series early (a stale KPI); `values` pins a period to an exact value; `notes` attach to measurements.

interface SeriesSpec {
  path: readonly number[];
  noise?: number;
  decimals?: number;
  season?: { amplitude: number; peakMonth: number };
  min?: number;
  max?: number;
  lastPeriod?: string;
  values?: Readonly<Record<string, number>>;
  notes?: Readonly<Record<string, string>>;
}

// prettier-ignore
const SERIES: Readonly<Record<string, SeriesSpec>> = {
  // Planning and Permits: the plan-review backlog of summer 2026
  "permits.plan_reviewers_fte": { path: [11, 11.6, 12.5, 13.4, 13.3], noise: 0.1,
    notes: { "2026-08": "Two reviewers on leave; counted at 0.5 FTE each." } },
  "permits.online_submission_pct": { path: [48, 58, 66, 72], noise: 1.2 },
  "permits.intake_routed_1day_pct": { path: [82, 86, 89, 91.5], noise: 1.5 },
  "permits.plan_review_days": { path: [13.6, 12.4, 11.6, 11.9, 13.4], noise: 0.25,
    values: { "2026-10": 13.4 },
    notes: { "2026-08": "Two reviewers on leave; a third left for the county in July.",
             "2026-09": "Backlog of 140 commercial plan sets; reviewer overtime approved from 15 September." } },
  "permits.inspections_same_day_pct": { path: [91, 94, 96, 95], noise: 1.2 },
  "permits.issued_10day_pct": { path: [74, 78, 82, 84, 83], noise: 1 },
  "permits.easy_permit_days": { path: [1.1, 0.9, 0.8, 0.7], noise: 0.06, decimals: 2 },
  "permits.standard_permit_days": { path: [55, 50, 47, 49], noise: 1.2 },
  "permits.sfd_ready_days": { path: [45, 39, 33, 31, 32.5], noise: 0.8 },
  "permits.business_license_days": { path: [17, 15, 13, 12], noise: 0.6 },
  "permits.limited_license_days": { path: [2.6, 2.2, 1.8, 1.6], noise: 0.1 },
  "permits.food_license_days": { path: [27, 24, 22, 23, 24], noise: 1.2, values: { "2026-10": 24.3 },
    notes: { "2026-10": "County health inspector shortage: 38 applications waiting for a pre-opening inspection." } },
  "permits.applicant_satisfaction_pct": { path: [72, 76, 80, 83], noise: 0.6 },
  "finance.permits_cost": { path: [212000, 218000, 224000, 231000], noise: 5000, decimals: 0 },
  "permits.issued": { path: [1050, 1150, 1250, 1240], noise: 35, decimals: 0,
    season: { amplitude: 0.12, peakMonth: 6 } },
  "city.population": { path: [478200, 481900], decimals: 0 },

  // 311
  "cs311.call_takers_on_shift": { path: [18, 19, 20, 21.2], noise: 0.3 },
  "cs311.call_volume": { path: [25500, 26500, 27000], noise: 700, decimals: 0,
    season: { amplitude: 0.12, peakMonth: 7 },
    values: { "2025-07": 31800 }, notes: { "2025-07": "Storm on 14 July: 4,100 calls in two days." } },
  "cs311.answered_30s_pct": { path: [68, 72, 75, 77], noise: 1.5 },
  "cs311.abandoned_pct": { path: [9, 8, 7, 6.4], noise: 0.3 },
  "cs311.first_contact_resolution_pct": { path: [86, 89, 91, 92], noise: 0.8 },
  "cs311.website_uptime_pct": { path: [99.6, 99.8, 99.7, 99.8], noise: 0.1, decimals: 2,
    values: { "2025-03": 98.9 }, notes: { "2025-03": "Vendor outage on 11 March, nine hours." } },
  "cs311.requests_on_time_pct": { path: [78, 80, 82, 81], noise: 1 },
  "cs311.courtesy_rating_pct": { path: [70, 74] },
  "satisfaction.post_service_score": { path: [3.8, 3.9, 4.0, 4.12], noise: 0.04, decimals: 2 },
  "satisfaction.customer_service_pct": { path: [51, 56] },

  // City Manager's Office
  "satisfaction.overall_services_pct": { path: [56, 59.5] },
  "governance.disclosures_filed_pct": { path: [98, 99.2] },
  "governance.open_audit_recs": { path: [46, 38, 30, 26], noise: 0.8, decimals: 0, lastPeriod: "2026-Q4",
    notes: { "2026-Q4": "The Q1 FY2027 count waits for the auditor's follow-up review, now due in December." } },
  "governance.audit_recs_implemented_pct": { path: [74, 80] },

  // Public Works: Streets and Pavement (the head's department: several red and stale)
  "streets.pothole_crews_per_day": { path: [5.5, 6.5, 7.2, 7.1], noise: 0.2, lastPeriod: "2026-08",
    notes: { "2026-08": "Last month from the paper crew logs; the new work-order system went live in September." } },
  "streets.resurfacing_budget_usd": { path: [15000000, 16500000], decimals: 0 },
  "streets.pothole_requests": { path: [2100, 2300, 2500], noise: 90, decimals: 0,
    season: { amplitude: 0.35, peakMonth: 3 },
    values: { "2026-02": 3900 }, notes: { "2026-02": "Freeze-thaw: the most pothole requests in a month in five years." } },
  "streets.lane_miles_resurfaced": { path: [236, 268], decimals: 0 },
  "streets.potholes_repaired": { path: [2300, 2600, 2900, 2950], noise: 70, decimals: 0,
    season: { amplitude: 0.1, peakMonth: 4 } },
  "finance.pothole_repair_cost": { path: [205000, 220000, 238000, 246000], noise: 6000, decimals: 0,
    season: { amplitude: 0.1, peakMonth: 4 } },
  "streets.pothole_repair_days": { path: [8.4, 9.0, 10.8, 11.2], noise: 0.4,
    values: { "2026-03": 13.6, "2026-10": 11.3 },
    notes: { "2026-03": "February backlog of 3,900 requests worked off through March." } },
  "streets.pci_avg": { path: [62.4, 62.9] },
  "streets.network_good_pct": { path: [55.5, 57] },
  "streets.street_satisfaction_pct": { path: [42, 48.5] },

  // Public Works: Traffic Operations
  "streets.streetlight_repair_days": { path: [5.0, 5.4, 6.2, 6.8], noise: 0.25, values: { "2026-10": 6.9 },
    notes: { "2026-09": "Copper wire theft on three circuits along Riverside Drive." } },
  "streets.signal_repair_days": { path: [1.3, 1.2, 1.1, 1.1], noise: 0.05, decimals: 2, lastPeriod: "2026-07",
    notes: { "2026-07": "Signal work orders moved to the new asset system; reporting resumes once the export is built." } },

  // Police: response holds while its staffing drivers slide
  "police.sworn_per_1000": { path: [2.33, 2.28], decimals: 2 },
  "police.p1_response_min": { path: [7.5, 7.2, 7.0, 6.85], noise: 0.08, decimals: 2, values: { "2026-10": 6.86 } },
  "crime.part1_crimes": { path: [2150, 2080, 2000, 1960], noise: 30, decimals: 0,
    season: { amplitude: 0.08, peakMonth: 7 },
    notes: { "2026-01": "Provisional until the annual NIBRS audit." } },
  "crime.violent_clearance_pct": { path: [43, 46] },
  "crime.homicide_clearance_pct": { path: [51, 57] },
  "police.public_confidence_pct": { path: [70.5, 72.5] },
  "satisfaction.police_response_pct": { path: [53, 55.5] },
  "workforce.sworn_hires_vs_plan_pct": { path: [85, 80, 76, 72], noise: 2, max: 150 },

  // Emergency Communications: the 911 staffing gap
  "dispatch.calls_answered_15s_pct": { path: [78.5, 80, 82, 79, 80], noise: 0.6, values: { "2026-10": 80.3 },
    notes: { "2026-07": "Six telecommunicator vacancies; mandatory overtime on nights." } },
  "dispatch.abandoned_pct": { path: [7, 6.5, 6, 6.3], noise: 0.2 },
  "dispatch.call_processing_60s_pct": { path: [84, 86, 88, 89], noise: 0.8 },

  // Fire and EMS
  "fire.turnout_s": { path: [86, 82, 79, 78], noise: 1.5, decimals: 0 },
  "fire.first_engine_240s_pct": { path: [84, 86, 87, 88], noise: 1 },
  "fire.confined_room_pct": { path: [79, 81, 83, 84], noise: 0.8 },
  "satisfaction.fire_services_pct": { path: [86, 88.5] },
  "ems.turnout_s": { path: [66, 62, 59, 58], noise: 1.2, decimals: 0 },
  "ems.als_travel_480s_pct": { path: [86, 88, 89, 90.5], noise: 0.6 },
  "ems.p1_median_min": { path: [6.3, 6.1, 5.95, 5.9], noise: 0.05, decimals: 2 },
  "ems.p1_compliance_pct": { path: [88, 89.5, 90.5, 91.2], noise: 0.4 },
  "ems.ohca_survival_pct": { path: [9.4, 10.3] },
  "ems.patient_satisfaction_pct": { path: [94, 95, 96, 96.5], noise: 0.6 },
  "ems.bystander_cpr_pct": { path: [39, 42.5] },

  // Neighborhood Services: complaints up, inspectors flat
  "code.inspectors_fte": { path: [24, 25, 26, 26.5], noise: 0.2 },
  "code.complaints_received": { path: [1850, 1950, 2050, 2120], noise: 40, decimals: 0,
    season: { amplitude: 0.15, peakMonth: 7 } },
  "code.cases_closed": { path: [1720, 1850, 1950, 2010], noise: 35, decimals: 0,
    season: { amplitude: 0.15, peakMonth: 7 } },
  "code.proactive_case_pct": { path: [38, 42, 44, 46], noise: 1 },
  "code.days_to_first_response": { path: [3.8, 4.0, 4.3, 4.6], noise: 0.12, values: { "2026-10": 4.7 } },
  "code.reinspection_3day_pct": { path: [35, 42, 50, 56], noise: 1.5, lastPeriod: "2026-07",
    notes: { "2026-07": "Re-inspection dates are not captured by the new case system since August; fix pending." } },
  "code.requests_on_time_pct": { path: [82, 81, 79, 78], noise: 0.8 },
  "code.sanitation_complaint_days": { path: [3.2, 3.0, 2.9, 2.8], noise: 0.08 },
  "code.graffiti_removal_days": { path: [6.5, 6, 5.5, 5], noise: 0.3 },
  "code.voluntary_compliance_pct": { path: [85, 87, 88, 89], noise: 0.6 },
  "code.compliance_45d_pct": { path: [78, 81, 84, 85.5], noise: 0.6 },
  "code.resident_satisfaction_pct": { path: [45, 48.5] },

  // Parks and Libraries: the pool closures of summer 2026
  "parks.spending_per_resident": { path: [94, 99], decimals: 2 },
  "parks.parkland_pct_city_area": { path: [8.9, 9.1] },
  "parks.maintenance_on_time_pct": { path: [82, 85, 88, 88.5], noise: 1, lastPeriod: "2026-06",
    notes: { "2026-06": "Last month before the switch to the new work-order module." } },
  "parks.program_participants": { path: [36000, 39000, 41000, 43500], noise: 900, decimals: 0 },
  "parks.walk10_pct": { path: [62.5, 64.2] },
  "parks.satisfaction_pct": { path: [82, 80.5],
    notes: { "2026": "Survey fielded in May and June 2026, while two of the five public pools were closed." } },
  "library.program_attendance_per_1000": { path: [210, 226], decimals: 0 },
  "library.visits_per_capita": { path: [3.95, 4.12], decimals: 2 },
  "library.circulation_per_capita": { path: [7.1], lastPeriod: "2025",
    notes: { "2025": "The FY2026 figure is delayed by the library consortium's catalogue migration." } },
  "library.active_users": { path: [52000, 55000, 58500, 61800], noise: 400, decimals: 0,
    season: { amplitude: 0.03, peakMonth: 7 } },
  "library.satisfaction_pct": { path: [86.5, 89] },

  // Finance
  "finance.police_spending_usd": { path: [116500000, 121800000], decimals: 0 },
  "finance.revenue_forecast_error_pct": { path: [4.1, 3.6, 3.2, 3.0], noise: 0.2 },
  "finance.expenditure_variance_pct": { path: [0.8, 1.2, 1.8, 2.3], noise: 0.3, min: -20, max: 20,
    notes: { "2026-09": "Police and 911 overtime running ahead of budget." } },
  "finance.fund_balance_months": { path: [1.7, 1.85], decimals: 2 },
  "finance.invoices_paid_30d_pct": { path: [88, 91, 93, 94], noise: 0.8 },
  "finance.sme_invoices_paid_5d_pct": { path: [78, 83, 86, 88], noise: 1 },

  // Human Resources
  "governance.ethics_training_pct": { path: [94, 97] },
  "workforce.training_spend_pct": { path: [1.3, 1.55], decimals: 2 },
  "workforce.overtime_spend": { path: [2500000, 2700000, 2900000, 2980000], noise: 60000, decimals: 0 },
  "workforce.exams_150d_pct": { path: [70, 75, 79, 82], noise: 1.5 },
  "workforce.time_to_hire_days": { path: [110, 106, 104, 103], noise: 1, decimals: 0,
    values: { "2027-Q1": 104 },
    notes: { "2027-Q1": "Police and 911 recruit classes counted from requisition; background checks take 45 days." } },
  "workforce.engagement_index": { path: [70.5, 72.4] },
  "workforce.turnover_pct": { path: [11.5, 11, 10.5, 10.2], noise: 0.15 },
  "workforce.vacancy_rate_pct": { path: [9.4, 8.6, 7.6, 6.7], noise: 0.15 },

  // Municipal Court
  "courts.sitting_days": { path: [968, 990], decimals: 0 },
  "courts.receipts": { path: [9200, 9000, 8800, 8700], noise: 250, decimals: 0 },
  "courts.trial_date_certainty": { path: [2.1, 1.95, 1.8, 1.7], noise: 0.04, decimals: 2 },
  "courts.clearance_rate_pct": { path: [94, 97, 99, 98.5], noise: 0.8, max: 150 },
  "courts.misdemeanor_disposed_90d_pct": { path: [82, 85, 87, 88], noise: 0.6 },
  "courts.access_fairness_score": { path: [71, 74.5] },
};

// ── Period keys (July fiscal year, labelled by the calendar year in which it ends) ─────────────────────────────────

function listMonths(first: string, last: string): string[] {
  const months: string[] = [];
  let year = Number(first.slice(0, 4));
  let month = Number(first.slice(5, 7));
  for (;;) {
    const key = `${year}-${String(month).padStart(2, "0")}`;
    if (key > last) return months;
    months.push(key);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
}

function toFiscalYear(monthKey: string): number {
  const year = Number(monthKey.slice(0, 4));
  const month = Number(monthKey.slice(5, 7));
  return month >= FISCAL_YEAR_START_MONTH ? year + 1 : year;
}

function toFiscalPeriod(monthKey: string, frequency: Frequency): string {
  if (frequency === "monthly") return monthKey;
  const fiscalYear = toFiscalYear(monthKey);
  if (frequency === "annual") return String(fiscalYear);
  const monthOfFiscalYear = (Number(monthKey.slice(5, 7)) - FISCAL_YEAR_START_MONTH + 12) % 12;
  return `${fiscalYear}-Q${Math.floor(monthOfFiscalYear / 3) + 1}`;
}

/** The periods of a frequency covered by the history, keeping only those that have ended by LAST_MONTH. */
function listPeriods(frequency: Frequency): string[] {
  const months = listMonths(FIRST_MONTH, LAST_MONTH);
  const lastMonthOf = new Map<string, string>();
  for (const month of listMonths(FIRST_MONTH, "2027-12")) {
    lastMonthOf.set(toFiscalPeriod(month, frequency), month);
  }
  const keys = [...new Set(months.map((month) => toFiscalPeriod(month, frequency)))];
  return keys.filter((key) => (lastMonthOf.get(key) ?? "9999-99") <= LAST_MONTH);
}

// ── Deterministic generation ─────────────────────────────────────────────────────────────────────────────────────

/** FNV-1a: a stable 32-bit seed per KPI, so adding a KPI never changes another KPI's noise. */
function hashCode(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: a small seeded PRNG returning numbers in [0, 1). */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function interpolate(path: readonly number[], position: number): number {
  const first = path[0];
  if (first === undefined) throw new Error("a series path needs at least one point");
  if (path.length === 1) return first;
  const scaled = position * (path.length - 1);
  const index = Math.min(Math.floor(scaled), path.length - 2);
  const from = path[index] ?? first;
  const to = path[index + 1] ?? from;
  return from + (to - from) * (scaled - index);
}

function getUnitRange(unit: string | undefined): { min: number; max: number } {
  if (unit === "%" || unit === "index 0-100") return { min: 0, max: 100 };
  if (unit === "score 1-5") return { min: 1, max: 5 };
  return { min: 0, max: Number.POSITIVE_INFINITY };
}

/**
 * A KPI's valid range (spec/drivertree-format.md, `min` and `max`), from its unit: percentages and 0–100 indexes 0 to
 * 100, 1–5 scores 1 to 5, counts, durations, money and rates 0 or more. A bound its series spec lifts (a rate that may
 * pass 100%, a variance that may be negative) is left out; formula KPIs take no measurements and get none.
 */
function withValidRange(kpi: DriverTreeKpi): DriverTreeKpi {
  if (kpi.formula) return kpi;
  const unit = getUnitRange(kpi.unit);
  const spec = SERIES[kpi.code];
  return {
    ...kpi,
    min: spec?.min !== undefined ? null : unit.min,
    max: spec?.max !== undefined || !Number.isFinite(unit.max) ? null : unit.max,
  };
}

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

function generateSeries(kpi: DriverTreeKpi, spec: SeriesSpec): DriverTreeMeasurement[] {
  const periods = listPeriods(kpi.frequency);
  const random = createRandom(hashCode(kpi.code));
  const range = getUnitRange(kpi.unit);
  const min = spec.min ?? range.min;
  const max = spec.max ?? range.max;
  const decimals = spec.decimals ?? 1;
  const measurements: DriverTreeMeasurement[] = [];
  periods.forEach((period, index) => {
    // Draw for every period, so that stopping a series early leaves the earlier values unchanged.
    const jitter = (spec.noise ?? 0) * (2 * random() - 1);
    if (spec.lastPeriod !== undefined && period > spec.lastPeriod) return;
    let level = interpolate(spec.path, periods.length === 1 ? 0 : index / (periods.length - 1));
    if (spec.season && kpi.frequency === "monthly") {
      const month = Number(period.slice(5, 7));
      level *= 1 + spec.season.amplitude * Math.cos((2 * Math.PI * (month - spec.season.peakMonth)) / 12);
    }
    const value = spec.values?.[period] ?? roundTo(Math.min(max, Math.max(min, level + jitter)), decimals);
    const note = spec.notes?.[period];
    measurements.push(note === undefined ? { kpi: kpi.code, period, value } : { kpi: kpi.code, period, value, note });
  });
  return measurements;
}

function generateMeasurements(kpis: readonly DriverTreeKpi[]): DriverTreeMeasurement[] {
  return kpis.flatMap((kpi) => {
    // Formula KPIs have no measurements of their own (spec/health.md).
    if (kpi.formula) return [];
    const spec = SERIES[kpi.code];
    if (!spec) throw new Error(`no series spec for KPI ${kpi.code}`);
    return generateSeries(kpi, spec);
  });
}

// ── The document ─────────────────────────────────────────────────────────────────────────────────────────────────

export const rivertonDocument: DriverTreeDocument = {
  format: "drivertree/v1",
  agency: {
    name: "City of Riverton",
    slug: "riverton",
    fiscalYearStartMonth: FISCAL_YEAR_START_MONTH,
    thresholds: { onTrack: 0.9, atRisk: 0.7 },
  },
  departments: DEPARTMENTS,
  plan: { code: "CBP-2026", name: "Citywide Business Plan FY2026–FY2029", start: "2025-07-01", end: "2029-06-30" },
  kpis: KPIS.map(withValidRange),
  links: LINKS,
  objectives: OBJECTIVES,
  measurements: generateMeasurements(KPIS),
};

// ── Users ────────────────────────────────────────────────────────────────────────────────────────────────────────

export const rivertonUsers: SeedUser[] = [
  { email: "admin@riverton.example", name: "Alex Moreno", role: "ADMIN" },
  { email: "officer@riverton.example", name: "Priya Natarajan", role: "PERFORMANCE_OFFICER" },
  { email: "executive@riverton.example", name: "Dana Whitfield", role: "EXECUTIVE" },
  // Public Works has two sub-departments (Streets, Traffic Operations) and several off-track and stale KPIs.
  { email: "head@riverton.example", name: "Marcus Bell", role: "DEPARTMENT_HEAD", department: "PW" },
];

// ── Commentary (KCStat style: what happened, what we are doing) ──────────────────────────────────────────────────

// prettier-ignore
export const rivertonCommentary: SeedCommentary[] = [
  // Public Works
  { kind: "kpi", code: "streets.pothole_repair_days", period: "2026-09", internal: false,
    body: "Crews are repairing more potholes than a year ago, but the February freeze-thaw left a backlog of older requests, so the average age at repair stays high. We added a Saturday crew and are closing the oldest requests first." },
  { kind: "kpi", code: "streets.pothole_repair_days", period: "2026-10", internal: false,
    body: "Still 11 days against a 7-day target. The new work-order system now routes crews by district; we expect the backlog cleared by January and the average under 8 days by March." },
  { kind: "kpi", code: "streets.streetlight_repair_days", period: "2026-09", internal: false,
    body: "Copper wire theft took out three circuits on Riverside Drive; each needs new conductor, not a lamp change. Evergy and our electricians share the work, and the circuits are being fitted with theft-resistant cable." },
  { kind: "kpi", code: "streets.signal_repair_days", period: "2026-07", internal: true,
    body: "No signal data since July: the new asset system has no export yet. IT has promised it for early December; until then Traffic Operations keeps a manual log, which we will enter by hand if the export slips." },
  { kind: "kpi", code: "streets.streetlight_repair_days", period: "2026-10", internal: true,
    body: "The contract electrician crew is down to one truck until the new contract starts on 1 December. Ask Finance to approve the change order before the council break." },
  { kind: "kpi", code: "streets.pci_avg", period: "2026", internal: false,
    body: "The network PCI rose to 62.9 but is short of the 64 planned for FY2026: resurfacing reached 268 lane miles, and the streets surveyed this year were among the oldest. The FY2027 budget adds $1.5 million for preventive treatments on streets still in fair condition." },

  // Planning and Permits
  { kind: "kpi", code: "permits.plan_review_days", period: "2026-09", internal: false,
    body: "Two reviewers were on leave and one left for the county, while commercial submittals rose by a fifth. Reviewer overtime started on 15 September and a third-party review contract covers structural plans." },
  { kind: "kpi", code: "permits.plan_review_days", period: "2026-10", internal: false,
    body: "Turnaround is 13.4 days against 10. The backlog fell from 140 to 95 plan sets; two new reviewers start in November. The 10-day permit rate has held because over-the-counter permits are most of the volume." },
  { kind: "kpi", code: "permits.food_license_days", period: "2026-10", internal: false,
    body: "38 applicants are waiting for the county's pre-opening inspection. The county has lent us an inspector two days a week; applicants can now book their inspection online when they apply." },
  { kind: "kpi", code: "permits.issued_10day_pct", period: "2026-10", internal: true,
    body: "This looks healthy but its driver, plan review time, is off track: expect the 10-day rate to fall in December when the commercial backlog is issued. Do not publish a 'target met' story yet." },

  // 911
  { kind: "kpi", code: "dispatch.calls_answered_15s_pct", period: "2026-09", internal: false,
    body: "Six of 48 telecommunicator positions are vacant and nights run on mandatory overtime. A class of eight started training in September; they take calls alone from January." },
  { kind: "kpi", code: "dispatch.calls_answered_15s_pct", period: "2026-10", internal: false,
    body: "80% within 15 seconds against the 90% standard. Non-emergency calls now go to 311 after 6 p.m., which removed about 1,200 calls a month from the 911 queue." },

  // Neighborhood Services
  { kind: "kpi", code: "code.days_to_first_response", period: "2026-10", internal: false,
    body: "Complaints are up 8% on October last year while inspector staffing grew by less than one FTE, so first response takes 4.7 days. Two inspector positions were filled in October, and low-risk complaints (tall grass, bulk trash) now get a letter first instead of a visit." },

  // Human Resources
  { kind: "kpi", code: "workforce.time_to_hire_days", period: "2027-Q1", internal: false,
    body: "Time to hire is 104 days against 80. Police and 911 recruits wait 45 days for background checks. HR has added a second background investigator and now runs civil-service exams monthly instead of quarterly." },

  // Parks
  { kind: "kpi", code: "parks.satisfaction_pct", period: "2026", internal: false,
    body: "Satisfaction fell to 80.5% although maintenance, programs and park access all improved: the survey ran while two of the five public pools were closed for structural repairs. Both reopen for summer 2027, and the survey will ask about aquatics separately." },

  // Objectives and key results
  { kind: "objective", code: "INF", period: "2026-10", internal: false,
    body: "Resurfacing is ahead of plan, but pavement condition lags and pothole and street-light repair times are off track. The January review will take Public Works' backlog plan and the street-light contract." },
  { kind: "objective", code: "PS-2", period: "2026-10", internal: true,
    body: "The 911 answer rate will not reach 90% before the January class finishes training. Police response times have held so far; if the answer rate slips below 78%, escalate to the City Manager." },
  { kind: "objective", code: "ED", period: "2026-10", internal: false,
    body: "Permits are still issued fast for most applicants, but the commercial plan-review backlog is the risk for the spring construction season." },
  { kind: "keyResult", code: "HC-1.KR3", period: "2026-10", internal: false,
    body: "The structural engineer's report on the Eastside and Bellview pools is in; repairs go to bid in December for completion in May." },
];
