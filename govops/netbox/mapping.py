"""The mapping file: NetBox's regions, site groups and platforms in govops' terms.

```yaml
levels:
  site_groups: {departments: department}      # site group slug -> level (checked first)
  regions: {sn: province}                     # region slug -> level
  region_depth: {0: province, 1: city, 2: county, 3: township, 4: village}
platforms:                                    # platform slug -> netmiko device_type
  huawei-vrp: huawei
  h3c-comware: hp_comware
site_code_field: division_code                # optional custom field with the 行政区划代码
```
A site's level comes from its site group, else its region's slug, else its region's depth
in the region tree. Anything the file does not map is reported, never guessed. A platform
slug that already is a govops platform name (``huawei``) needs no entry.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from govops.i18n import M_
from govops.inventory.models import PLATFORMS, Level


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Levels(_Strict):
    site_groups: dict[str, Level] = Field(default_factory=dict)
    regions: dict[str, Level] = Field(default_factory=dict)
    region_depth: dict[int, Level] = Field(default_factory=dict)


class Mapping(_Strict):
    levels: Levels = Levels()
    platforms: dict[str, str] = Field(default_factory=dict)
    site_code_field: str | None = None

    @field_validator("platforms")
    @classmethod
    def _known_platforms(cls, value: dict[str, str]) -> dict[str, str]:
        for slug, platform in value.items():
            if platform not in PLATFORMS:
                known = ", ".join(PLATFORMS)
                raise ValueError(
                    M_(
                        "{slug}: unknown platform {platform!r}; expected one of {known}",
                        slug=slug,
                        platform=platform,
                        known=known,
                    )
                )
        return value

    def platform(self, slug: str) -> str | None:
        if slug in self.platforms:
            return self.platforms[slug]
        return slug if slug in PLATFORMS else None


def load_mapping(path: Path | None) -> Mapping:
    """The mapping file at ``path`` (None: an empty mapping); problems exit 2 with their line."""
    if path is None:
        return Mapping()
    from pydantic import ValidationError

    from govops.errors import Problem, ProblemsError
    from govops.inventory.yamlsrc import LineDict, read_yaml_file, validation_problems

    document, problem = read_yaml_file(path)
    if problem is not None:
        raise ProblemsError([problem], "mapping file")
    if document is None:
        return Mapping()
    if not isinstance(document, LineDict):
        raise ProblemsError(
            [Problem(str(path), 1, "file", M_("expected levels, platforms"))], "mapping file"
        )
    try:
        return Mapping.model_validate(document)
    except ValidationError as exc:
        problems = validation_problems(str(path), "mapping", document, exc)
        raise ProblemsError(problems, "mapping file") from None
