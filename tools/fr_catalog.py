"""Writes meso_cli/locale/fr/LC_MESSAGES/meso.po from the template and the French below.

Maintainers' tool (needs Babel, from the test extras): after changing a message,
    pybabel extract -k _t -k _ --no-location --sort-output --no-wrap -o meso_cli/locale/meso.pot meso_cli
    python tools/fr_catalog.py && pybabel compile -d meso_cli/locale -D meso
A test fails while the catalog misses a message or the .mo is stale.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

FRENCH = {
    "ALD: 100 %, the participation forfaitaire is still due": "ALD : 100 %, la participation forfaitaire reste due",
    "Alsace-Moselle out of the parcours de soins: rate taken as {rate} (uncertain)": "Alsace-Moselle hors parcours de soins : taux retenu {rate} (incertain)",
    "Amount": "Montant",
    "Base": "Base",
    "Best": "Meilleur",
    "Best: {name} ({id}) leaves {amount} to pay": "Meilleur : {name} ({id}) laisse {amount} à payer",
    "Consultation": "Consultation",
    "Contra-indications: pregnancy, breastfeeding, anticoagulant treatment, allergy to the products. Only a doctor holding the DIU de mésothérapie may practise it.": "Contre-indications : grossesse, allaitement, traitement anticoagulant, allergie aux produits. Seul un médecin titulaire du DIU de mésothérapie peut la pratiquer.",
    "Contrat responsable": "Contrat responsable",
    "Date": "Date",
    "Forfait médecines douces": "Forfait médecines douces",
    "Found": "Trouvé",
    "Guarantees": "Garanties",
    "How each figure is made:": "D'où vient chaque montant :",
    "Id": "Id",
    "Insurer": "Assureur",
    "Mutuelle": "Mutuelle",
    "Mutuelle: {chain} (in all {amount})": "Mutuelle : {chain} (en tout {amount})",
    "Name": "Nom",
    "Notes:": "Remarques :",
    "PF": "PF",
    "Plan": "Contrat",
    "Plan source: {source}": "Source du contrat : {source}",
    "Plan year": "Année du contrat",
    "Pregnancy is a contra-indication to mesotherapy, whatever the Sécu would pay: talk to your doctor before any session.": "La grossesse est une contre-indication à la mésothérapie, quel que soit le remboursement de la Sécu : parlez-en à votre médecin avant toute séance.",
    "Price": "Prix",
    "Remaining": "Reste à charge",
    "Remaining charge (reste à charge) in total; ★ the lowest for that number of sessions.": "Reste à charge total ; ★ le plus bas pour ce nombre de séances.",
    "Remaining: {chain}": "Reste à charge : {chain}",
    "Session {number} ({day}):": "Séance {number} ({day}) :",
    "Sessions": "Séances",
    "Since": "Depuis",
    "Source": "Source",
    "Sécu": "Sécu",
    "Sécu only (no mutuelle plan)": "Sécu seule (sans mutuelle)",
    "Sécu share included": "part Sécu incluse",
    "Sécu values in force on {day} (data reviewed on {reviewed})": "Valeurs de la Sécu en vigueur le {day} (données revues le {reviewed})",
    "Sécu: {chain}": "Sécu : {chain}",
    "Total": "Total",
    "Value": "Valeur",
    "aesthetic": "esthétique",
    "aesthetic sessions too": "séances esthétiques comprises",
    "aesthetic: no Sécu reimbursement": "esthétique : aucun remboursement de la Sécu",
    "at most {amount} a session": "au plus {amount} par séance",
    "base changed from {old} to {new} on {since}": "base passée de {old} à {new} le {since}",
    "base {base} ({label}, since {since}, {reference})": "base {base} ({label}, depuis le {since}, {reference})",
    "base {base}: the price, below the tariff {tariff} ({label})": "base {base} : le prix, inférieur au tarif {tariff} ({label})",
    "billed as the act alone (CCAM ANLB003, tariff 0 €): no Sécu reimbursement": "facturé comme acte seul (CCAM ANLB003, tarif 0 €) : aucun remboursement de la Sécu",
    "calendar year (1 January to 31 December)": "année civile (du 1er janvier au 31 décembre)",
    "contract year, from {day:02d}-{month:02d} each year": "année de contrat, à partir du {day:02d}/{month:02d} chaque année",
    "exempt from the participation forfaitaire (under 18, CSS, AME)": "exonéré de participation forfaitaire (moins de 18 ans, CSS, AME)",
    "forfait already used in {year}: {sessions} session(s), {amount}": "forfait déjà utilisé en {year} : {sessions} séance(s), {amount}",
    "forfait {limits}": "forfait {limits}",
    "forfait {plan}: min({due}{limits}) = {amount}": "forfait {plan} : min({due}{limits}) = {amount}",
    "forfait {plan}: nothing left to pay back": "forfait {plan} : plus rien à rembourser",
    "maternity: 100 %, no participation forfaitaire": "maternité : 100 %, sans participation forfaitaire",
    "mutuelle": "mutuelle",
    "new best": "nouveau meilleur",
    "no": "non",
    "no PF = {secu}": "sans PF = {secu}",
    "no Sécu reimbursement for an aesthetic session": "aucun remboursement de la Sécu pour une séance esthétique",
    "no base: the act alone (CCAM ANLB003) is priced 0 €": "pas de base : l'acte seul (CCAM ANLB003) est tarifé 0 €",
    "no forfait médecines douces": "pas de forfait médecines douces",
    "nothing to pay back": "rien à rembourser",
    "only for sessions the Sécu does not reimburse": "seulement pour les séances que la Sécu ne rembourse pas",
    "out of the parcours de soins: Sécu rate {rate}; the penalty is not covered by a contrat responsable": "hors parcours de soins : taux de la Sécu {rate} ; la pénalité n'est pas prise en charge par un contrat responsable",
    "paid on top of the Sécu share": "en plus de la part Sécu",
    "participation forfaitaire capped: {cap} a year reached in {year}": "participation forfaitaire plafonnée : {cap} par an atteints en {year}",
    "participation forfaitaire changed from {old} to {new} on {since}": "participation forfaitaire passée de {old} à {new} le {since}",
    "participation forfaitaire {pf} above the Sécu share {share}: nothing paid back": "participation forfaitaire {pf} supérieure à la part Sécu {share} : rien n'est remboursé",
    "price below the base {base}: the Sécu reimburses on the price": "prix inférieur à la base {base} : la Sécu rembourse sur le prix",
    "reste à charge": "reste à charge",
    "secteur 2 non OPTAM: its base is kept unchanged after 2024-12-22 (medium confidence)": "secteur 2 non OPTAM : base supposée inchangée après le 22/12/2024 (confiance moyenne)",
    "secteur 3: reimbursed on the tarif d'autorité; whether the participation forfaitaire applies is unknown: it is deducted here": "secteur 3 : remboursé sur le tarif d'autorité ; on ignore si la participation forfaitaire s'applique : elle est déduite ici",
    "secteur {sector}": "secteur {sector}",
    "session {number}": "séance {number}",
    "session {number}: {note}": "séance {number} : {note}",
    "therapeutic": "thérapeutique",
    "therapeutic sessions only": "séances thérapeutiques seulement",
    "yes": "oui",
    "{amount} a plan year in all": "{amount} par année de contrat en tout",
    "{amount} a session": "{amount} par séance",
    "{amount} left": "{amount} restants",
    "{amount} left in {year}": "{amount} restants en {year}",
    "{amount}/session": "{amount}/séance",
    "{amount}/year": "{amount}/an",
    "{care}: rate 100 %, the out-of-pathway penalty is not applied (uncertain)": "{care} : taux 100 %, la pénalité hors parcours n'est pas appliquée (incertain)",
    "{count} session(s) left in {year}": "{count} séance(s) restante(s) en {year}",
    "{count} sessions a plan year": "{count} séances par année de contrat",
    "{count} sessions from {start}, every {every} days": "{count} séances à partir du {start}, tous les {every} jours",
    "{count} sessions/year": "{count} séances/an",
    "{optam} BR for secteur 1 and 2 OPTAM doctors, {non_optam} BR for secteur 2 outside OPTAM and secteur 3 ({basis})": "{optam} BR pour les médecins secteur 1 et secteur 2 OPTAM, {non_optam} BR pour le secteur 2 hors OPTAM et le secteur 3 ({basis})",
    "{pct} BR": "{pct} BR",
    "{percent} BR = {ceiling} on top of the Sécu share → {amount}": "{percent} BR = {ceiling} en plus de la part Sécu → {amount}",
    "{percent} BR = {ceiling}, Sécu share {normal_share} included → {amount}": "{percent} BR = {ceiling}, part Sécu {normal_share} incluse → {amount}",
    "{plan} forfait does not pay for aesthetic sessions": "le forfait {plan} ne rembourse pas les séances esthétiques",
    "{plan} forfait pays only for sessions the Sécu does not reimburse": "le forfait {plan} ne paie que les séances que la Sécu ne rembourse pas",
    "{plan} forfait used up ({amount} in {year})": "forfait {plan} épuisé ({amount} en {year})",
    "{plan} forfait used up ({count} sessions in {year})": "forfait {plan} épuisé ({count} séances en {year})",
    "{plan} forfait: only {amount} left in {year}": "forfait {plan} : plus que {amount} en {year}",
    "{price} a session": "{price} la séance",
    "{price} − {secu} − {mutuelle} = {amount}": "{price} − {secu} − {mutuelle} = {amount}",
    "{rate} × {base} = {share}": "{rate} × {base} = {share}",
    "− PF {pf} (since {since}, {reference}) = {secu}": "− PF {pf} (depuis le {since}, {reference}) = {secu}",
    "− PF {pf} (the yearly cap is reached) = {secu}": "− PF {pf} (plafond annuel atteint) = {secu}",
}

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "meso_cli" / "locale"


def main() -> None:
    with (LOCALE / "meso.pot").open("rb") as handle:
        template = read_po(handle)
    catalog = Catalog(locale="fr", domain="meso", project="meso", charset="utf-8", fuzzy=False)
    missing = []
    for message in template:
        if not message.id:
            continue
        if message.id not in FRENCH:
            missing.append(message.id)
        catalog.add(message.id, FRENCH.get(message.id, ""))
    target = LOCALE / "fr" / "LC_MESSAGES" / "meso.po"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        write_po(handle, catalog, width=0, omit_header=False, sort_output=True)
    if missing:
        raise SystemExit("no French for: " + "; ".join(missing))


if __name__ == "__main__":
    main()
