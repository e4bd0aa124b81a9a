/**
 * API. Taking over a database built by the FastAPI template's Alembic migrations: {@link
 * dev.cutover.migrations.adopt.TemplateAdoption} recognises it, runs the guarded expand steps (tables renamed behind
 * compatibility views, then Cutover's migrations) and, once the old service is gone, the contract steps.
 */
package dev.cutover.migrations.adopt;
