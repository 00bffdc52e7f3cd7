import Link from "next/link";
import { PlanCreateForm } from "./plan-create-form";

/**
 * An agency with no plan, as its performance officer first finds it: three ways in on one page.
 * Templates and the import page build the whole tree at once; a blank plan is built node by node here.
 */
export function FirstRun() {
  return (
    <section aria-labelledby="first-run-title">
      <h2 id="first-run-title">Start your agency&apos;s plan</h2>
      <p className="usa-intro">
        There is no plan yet. Choose one of three ways in — everything can be changed afterwards.
      </p>
      <ul className="usa-card-group">
        <li className="usa-card tablet:grid-col-4">
          <div className="usa-card__container">
            <div className="usa-card__header">
              <h3 className="usa-card__heading">Start blank</h3>
            </div>
            <div className="usa-card__body">
              <p>Name the plan and its period, then add objectives, key results and KPIs one by one.</p>
              <PlanCreateForm />
            </div>
          </div>
        </li>
        <li className="usa-card tablet:grid-col-4">
          <div className="usa-card__container">
            <div className="usa-card__header">
              <h3 className="usa-card__heading">Start from a template</h3>
            </div>
            <div className="usa-card__body">
              <p>
                Starter trees for common local-government services — permits, 311, public safety, parks and more — with
                KPIs from real public measures. Preview one, keep what fits, and create it in one step.
              </p>
            </div>
            <div className="usa-card__footer">
              <Link href="/setup/templates" className="usa-button usa-button--outline">
                Browse the templates
              </Link>
            </div>
          </div>
        </li>
        <li className="usa-card tablet:grid-col-4">
          <div className="usa-card__container">
            <div className="usa-card__header">
              <h3 className="usa-card__heading">Import a file</h3>
            </div>
            <div className="usa-card__body">
              <p>
                Bring a plan you already keep: a drivertree/v1 JSON document or a spreadsheet workbook. You see what
                will be created before anything is saved.
              </p>
            </div>
            <div className="usa-card__footer">
              <Link href="/data/import" className="usa-button usa-button--outline">
                Import a file
              </Link>
            </div>
          </div>
        </li>
      </ul>
    </section>
  );
}
