import type { Metadata } from "next";
import { ActionForm } from "@/components/admin/action-form";
import { SelectField, TextField } from "@/components/admin/form-fields";
import { MONTH_NAMES } from "@/components/admin/format";
import { getAgencySettings } from "@/lib/dal/admin-settings";
import { requireAdminPage } from "../page-access";
import { updateAgencySettingsAction } from "./actions";

export const metadata: Metadata = { title: "Agency settings" };

const MONTH_OPTIONS = MONTH_NAMES.map((month, index) => ({ value: String(index + 1), label: month }));

export default async function SettingsPage() {
  const principal = await requireAdminPage("admin:settings");
  const settings = await getAgencySettings(principal);
  return (
    <>
      <h1>Agency settings</h1>
      <p>
        The thresholds are the agency&apos;s defaults for every KPI, key result and objective without its own. Changing
        them, or the fiscal year, recomputes the health of the whole tree when you save.
      </p>
      <ActionForm
        action={updateAgencySettingsAction}
        label="Agency settings"
        submitLabel="Save settings"
        successMessage="Settings saved; health was recomputed where they changed it."
      >
        <input type="hidden" name="version" value={settings.version} />
        <TextField
          name="name"
          label="Agency name"
          defaultValue={settings.name}
          autoComplete="organization"
          isRequired
        />
        <SelectField
          name="fiscalYearStartMonth"
          label="Fiscal year starts in"
          options={MONTH_OPTIONS}
          defaultValue={String(settings.fiscalYearStartMonth)}
        />
        <TextField
          name="onTrackThreshold"
          label="On-track threshold"
          hint="A health score from 0 to 1 (0.9 = 90%): at or above it, a node is on track."
          inputMode="decimal"
          defaultValue={settings.onTrackThreshold}
          isRequired
        />
        <TextField
          name="atRiskThreshold"
          label="At-risk threshold"
          hint="From 0 up to the on-track threshold: at or above it, a node is at risk; below it, off track."
          inputMode="decimal"
          defaultValue={settings.atRiskThreshold}
          isRequired
        />
      </ActionForm>
    </>
  );
}
