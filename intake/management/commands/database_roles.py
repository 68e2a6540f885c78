from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from welltopia.database_roles import Roles, cluster_sql, script, table_sql, tables_not_owned_by


class Command(BaseCommand):
    help = (
        "Print the SQL for the three PostgreSQL roles (owner, app, purge), or apply the table "
        "grants to this database (--apply, as the owner, after every migrate)."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        defaults = Roles()
        parser.add_argument("--owner", default=defaults.owner, help="Owns the tables, runs migrations.")
        parser.add_argument("--app", default=defaults.app, help="The site and the email worker.")
        parser.add_argument("--purge", default=defaults.purge, help="The retention purge only.")
        parser.add_argument(
            "--database",
            help="The database name in the printed SQL (default: the one DATABASE_URL names, else welltopia).",
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--cluster",
            action="store_true",
            help="Print only part 1 (roles, database, default privileges), to pipe into psql as a superuser.",
        )
        mode.add_argument(
            "--apply",
            action="store_true",
            help="Apply part 2 (the table grants) to the database DATABASE_URL names, in one transaction.",
        )

    def handle(
        self,
        *args,
        owner: str,
        app: str,
        purge: str,
        database: str | None,
        cluster: bool,
        apply: bool,
        **options,
    ) -> None:
        try:
            roles = Roles(owner=owner, app=app, purge=purge)
            if apply:
                self._apply(roles)
            elif cluster:
                self.stdout.write("\n".join(cluster_sql(roles, database or self._database_name())) + "\n")
            else:
                self.stdout.write(script(roles, database or self._database_name()), ending="")
        except ValueError as error:
            raise CommandError(str(error)) from None

    @staticmethod
    def _database_name() -> str:
        if connection.vendor == "postgresql":
            return settings.DATABASES["default"]["NAME"]
        return "welltopia"

    def _apply(self, roles: Roles) -> None:
        if connection.vendor != "postgresql":
            raise CommandError(
                f"database_roles --apply needs PostgreSQL; DATABASE_URL is {connection.vendor}."
            )
        with transaction.atomic(), connection.cursor() as cursor:
            strays = tables_not_owned_by(roles.owner, cursor)
            if strays:
                raise CommandError(
                    f"These tables are not owned by {roles.owner}: {', '.join(strays)}. Run migrations "
                    f"as {roles.owner} (or ALTER TABLE … OWNER TO {roles.owner}), then apply again."
                )
            for statement in table_sql(roles):
                cursor.execute(statement)
        self.stdout.write(
            f"Granted {roles.app} (the site) and {roles.purge} (the purge) their rights on every table "
            f"of {connection.settings_dict['NAME']}."
        )
