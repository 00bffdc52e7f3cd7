import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { buildOpenApiDocument } from "@/lib/api/openapi";

// The API's OpenAPI description (lib/api/openapi.ts, generated from the zod schemas), rendered for people: each
// operation with its scope, parameters, body and responses, then each schema's fields. Public, like
// /api/v1/openapi.json itself.

export const metadata: Metadata = { title: "API" };

type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  items?: Schema;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  propertyNames?: Schema;
  required?: string[];
  description?: string;
  default?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  maxItems?: number;
};

type Operation = {
  operationId: string;
  summary: string;
  description?: string;
  "x-scope": string;
  parameters?: { name: string; in: string; required: boolean; description: string }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
};

const schemaName = (ref: string) => ref.split("/").at(-1) ?? ref;

function SchemaLink({ reference }: { reference: string }) {
  const name = schemaName(reference);
  return <a href={`#schema-${name}`}>{name}</a>;
}

/** A schema's type in words: "string", "number or null", "list of Kpi", "one of: input, process, outcome". */
function describeType(schema: Schema): ReactNode {
  if (schema.$ref) return <SchemaLink reference={schema.$ref} />;
  const options = schema.anyOf ?? schema.oneOf;
  if (options) {
    return options.map((option, index) => (
      <span key={index}>
        {index > 0 ? " or " : ""}
        {describeType(option)}
      </span>
    ));
  }
  if (schema.const !== undefined) return <code>{JSON.stringify(schema.const)}</code>;
  if (schema.enum) {
    return (
      <>
        one of:{" "}
        {schema.enum.map((value, index) => (
          <span key={index}>
            {index > 0 ? ", " : ""}
            <code>{JSON.stringify(value)}</code>
          </span>
        ))}
      </>
    );
  }
  if (schema.type === "array" && schema.items) return <>list of {describeType(schema.items)}</>;
  if (schema.type === "object" && schema.additionalProperties && typeof schema.additionalProperties === "object") {
    return <>object of {describeType(schema.additionalProperties)} by key</>;
  }
  const type = Array.isArray(schema.type) ? schema.type.join(" or ") : (schema.type ?? "any");
  if (schema.type === "integer") return "whole number";
  return schema.format ? `${type} (${schema.format})` : type;
}

function describeLimits(schema: Schema): string {
  const parts: string[] = [];
  if (schema.pattern) parts.push(`pattern ${schema.pattern}`);
  if (schema.minimum !== undefined) parts.push(`at least ${schema.minimum}`);
  if (schema.maximum !== undefined) parts.push(`at most ${schema.maximum}`);
  if (schema.maxLength !== undefined) parts.push(`at most ${schema.maxLength} characters`);
  if (schema.maxItems !== undefined) parts.push(`at most ${schema.maxItems.toLocaleString("en-US")} items`);
  if (schema.default !== undefined) parts.push(`default ${JSON.stringify(schema.default)}`);
  return parts.join("; ");
}

function SchemaFields({ name, schema }: { name: string; schema: Schema }) {
  const properties = Object.entries(schema.properties ?? {});
  if (properties.length === 0) {
    return (
      <p>
        Type: {describeType(schema)}
        {schema.description ? `. ${schema.description}` : ""}
      </p>
    );
  }
  const required = new Set(schema.required ?? []);
  return (
    <table className="data-table">
      <caption>Fields of {name}</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Type</th>
          <th scope="col">Required</th>
          <th scope="col">Meaning and limits</th>
        </tr>
      </thead>
      <tbody>
        {properties.map(([field, property]) => (
          <tr key={field}>
            <th scope="row">
              <code>{field}</code>
            </th>
            <td>{describeType(property)}</td>
            <td>{required.has(field) ? "yes" : "no"}</td>
            <td>{[property.description, describeLimits(property)].filter(Boolean).join(". ")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function OperationSection({ method, path, operation }: { method: string; path: string; operation: Operation }) {
  const body = operation.requestBody?.content["application/json"]?.schema;
  return (
    <section aria-labelledby={`operation-${operation.operationId}`}>
      <h3 id={`operation-${operation.operationId}`}>
        <code>
          {method.toUpperCase()} {path}
        </code>
      </h3>
      <p>
        <strong>{operation.summary}.</strong> {operation.description}
      </p>
      <p>Token scope: {operation["x-scope"] === "none" ? "none (public)" : <code>{operation["x-scope"]}</code>}</p>
      {operation.parameters && operation.parameters.length > 0 ? (
        <table className="data-table">
          <caption>Parameters of {operation.operationId}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">In</th>
              <th scope="col">Required</th>
              <th scope="col">Meaning</th>
            </tr>
          </thead>
          <tbody>
            {operation.parameters.map((parameter) => (
              <tr key={parameter.name}>
                <th scope="row">
                  <code>{parameter.name}</code>
                </th>
                <td>{parameter.in}</td>
                <td>{parameter.required ? "yes" : "no"}</td>
                <td>{parameter.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {body ? <p>Body (JSON): {describeType(body)}</p> : null}
      <table className="data-table">
        <caption>Responses of {operation.operationId}</caption>
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Meaning</th>
            <th scope="col">Body</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(operation.responses).map(([status, response]) => {
            const [mediaType, content] = Object.entries(response.content ?? {})[0] ?? [];
            return (
              <tr key={status}>
                <th scope="row">{status}</th>
                <td>{response.description}</td>
                <td>{mediaType === "text/csv" ? "CSV" : content ? describeType(content.schema) : "none"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

export default function ApiDocsPage() {
  const openApi = buildOpenApiDocument() as {
    info: { title: string; summary: string; description: string; version: string };
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Schema> };
  };
  const operations = Object.entries(openApi.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
  );
  return (
    <div className="page">
      <h1>{openApi.info.title}</h1>
      <p className="lead">{openApi.info.summary}</p>
      <p>{openApi.info.description}</p>
      <p>
        Machine-readable: <a href="/api/v1/openapi.json">the OpenAPI 3.1 description</a> and{" "}
        <a href="/api/v1/schemas/drivertree-v1.json">the JSON Schema of the drivertree/v1 document</a>. Version{" "}
        {openApi.info.version}.
      </p>
      <h2>An example</h2>
      <pre className="notice notice--info">
        {[
          "curl -X POST https://throughline.example/api/v1/measurements \\",
          '  -H "Authorization: Bearer $THROUGHLINE_TOKEN" -H "Content-Type: application/json" \\',
          '  -d \'{ "measurements": [ { "kpi": "permits.median_days", "period": "2026-06", "value": 24 } ] }\'',
        ].join("\n")}
      </pre>
      <nav aria-labelledby="operations-heading">
        <h2 id="operations-heading">Operations</h2>
        <ul>
          {operations.map(({ path, method, operation }) => (
            <li key={operation.operationId}>
              <a href={`#operation-${operation.operationId}`}>
                {method.toUpperCase()} {path}
              </a>{" "}
              — {operation.summary}
            </li>
          ))}
        </ul>
      </nav>
      {operations.map(({ path, method, operation }) => (
        <OperationSection key={operation.operationId} path={path} method={method} operation={operation} />
      ))}
      <h2>Schemas</h2>
      {Object.entries(openApi.components.schemas).map(([name, schema]) => (
        <section key={name} aria-labelledby={`schema-${name}`}>
          <h3 id={`schema-${name}`}>{name}</h3>
          {schema.description ? <p>{schema.description}</p> : null}
          <SchemaFields name={name} schema={schema} />
        </section>
      ))}
      <p>
        <Link href="/data">Back to Data</Link>
      </p>
    </div>
  );
}
