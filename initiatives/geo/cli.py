"""`flask geo import PATH`: the shapes of the wijken and buurten from the CBS Wijk- en Buurtkaart."""

from pathlib import Path

import click
from flask.cli import AppGroup, with_appcontext

from initiatives.core.db import writing
from initiatives.extensions import db
from initiatives.geo import operations
from initiatives.geo.reading import ReadError, read_features

geo_cli = AppGroup("geo", help="The shapes of the wijken and buurten, for the maps.")


def _progress(items, label):
    items = list(items)
    with click.progressbar(items, label=f"{label} ({len(items)})") as bar:
        yield from bar


@geo_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--crs",
    default=None,
    help="The file's coordinate reference system when it does not say or says wrongly, e.g. EPSG:28992.",
)
@click.option(
    "--tolerance",
    type=click.FloatRange(min=0),
    default=operations.DEFAULT_TOLERANCE_METRES,
    show_default=True,
    help="Simplification in metres (in RD New); 0 keeps every point.",
)
@click.option("--create", is_flag=True, help="Add the wijken and buurten of the file that Bricoleur lacks.")
@with_appcontext
def import_shapes(path, crs, tolerance, create):
    """Give the wijken and buurten their shapes from PATH: the CBS Wijk- en Buurtkaart as a
    GeoPackage or Shapefile, or GeoJSON (RD New or WGS84), matched by buurtcode, wijkcode or code.

    Areas of municipalities Bricoleur does not know are left out; everything is saved in one
    transaction, or nothing."""
    source = Path(path).name
    try:
        features, file_crs = read_features(path, crs)
    except ReadError as error:
        raise click.ClickException(str(error)) from error
    crs_name = file_crs.to_string()
    features, others = operations.of_municipalities(features, operations.known_municipalities(db.session))
    click.echo(f"Read {len(features)} areas of {source} ({crs_name}).")
    if not features:
        raise click.ClickException(f"{source} holds none of the municipality's wijken or buurten.")
    areas = operations.simplified_areas(features, file_crs, tolerance, _progress)
    db.session.rollback()  # ends the reading transaction: the write begins as a writer
    try:
        with writing():
            report = operations.import_areas(
                db.session, areas, source=source, create=create, progress=_progress
            )
            report.other_municipalities = others
            operations.record_import(report, source=source, crs=crs_name, tolerance=tolerance)
            db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    _tell(report, create)


def _tell(report, create):
    click.echo(f"Matched: {len(report.matched)} wijken and buurten got their shape.")
    if report.created:
        click.echo(f"Added as new neighbourhoods, with their shape: {len(report.created)}")
        for code in report.created:
            click.echo(f"  {code}")
    if report.new:
        hint = "" if create else " (add them with --create)"
        click.echo(f"New: {len(report.new)} in the file, not in Bricoleur{hint}:")
        for area in report.new:
            click.echo(f"  {area.code} {area.name}")
    for code, why in report.not_created:
        click.echo(f"  {code} not added: {why}")
    if report.missing:
        click.echo(f"Missing: {len(report.missing)} in Bricoleur, not in the file (their shapes are kept):")
        for neighbourhood in report.missing:
            click.echo(f"  {neighbourhood.code} {neighbourhood.name}")
    if report.other_municipalities:
        click.echo(f"Left out: {report.other_municipalities} areas of other municipalities.")
