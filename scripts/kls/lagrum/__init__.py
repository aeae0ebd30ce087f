"""Legal references (lagrum): the law registry, the citation parser, the checker behind
`kls lagrum`, links to lagen.nu on the sites and the refresh from Riksdagen's open data.

Modules:
    registry        the law registry (`kls/data/lagar.yaml`) and lookups in it
    build_registry  generates the registry from the fact files in `../shared/lagar/`
    parser          finds Swedish legal references in text, as people really write them
    checker         checks references against the registry (repealed, missing provisions …)
    links           lagen.nu deep links and the HTML transform used by the MkDocs glue
    page            the generated "Lagrum" page: which documents cite which provisions
    refresh         `kls lagar uppdatera`: refresh the registry from Riksdagen's open data
    cli             the `kls lagrum` and `kls lagar` commands
"""
