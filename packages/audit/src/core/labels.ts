/**
 * Names for people: the vocabulary and the report headings in Finnish, Swedish and English, the
 * languages a Finnish city serves its residents in. Codes stay in `--json`; labels are for reading.
 */
import type { LocalizedText } from '@servicelife/domain'

export type Lang = 'fi' | 'sv' | 'en'
export const languages: ReadonlyArray<Lang> = ['fi', 'sv', 'en']

type Labels = Readonly<Record<string, readonly [fi: string, sv: string, en: string]>>

const vocabulary: Labels = {
  // Obligation classes (Pori)
  'statutory-authority': [
    'Lakisääteinen viranomaistoiminta',
    'Lagstadgad myndighetsutövning',
    'Statutory authority',
  ],
  'organizing-responsibility': ['Järjestämisvastuu', 'Organiseringsansvar', 'Organizing responsibility'],
  other: ['Muu palvelu', 'Annan tjänst', 'Other service'],
  'internal-support': ['Sisäinen tukipalvelu', 'Intern stödtjänst', 'Internal support'],
  // Availability
  local: ['Lähipalvelu', 'Närservice', 'Local'],
  centralized: ['Keskitetty', 'Centraliserad', 'Centralized'],
  // Production modes (Turku principle 4)
  own: ['Oma tuotanto', 'Egen produktion', 'Own production'],
  purchased: ['Ostopalvelu', 'Köpt tjänst', 'Purchased'],
  'third-sector': ['Kolmas sektori', 'Tredje sektorn', 'Third sector'],
  'grant-enabled': ['Avustuksin mahdollistettu', 'Möjliggjord med bidrag', 'Grant-enabled'],
  // Lifecycle
  planned: ['Suunniteltu', 'Planerad', 'Planned'],
  'in-production': ['Tuotannossa', 'I produktion', 'In production'],
  disrupted: ['Häiriötilassa', 'Störd', 'Disrupted'],
  retired: ['Lakkautettu', 'Nedlagd', 'Retired'],
  // Contact channels
  phone: ['Puhelin', 'Telefon', 'Phone'],
  chat: ['Chat', 'Chatt', 'Chat'],
  email: ['Sähköposti', 'E-post', 'E-mail'],
  'web-form': ['Verkkolomake', 'Webbformulär', 'Web form'],
  'service-point': ['Palvelupiste', 'Serviceställe', 'Service point'],
  letter: ['Kirje', 'Brev', 'Letter'],
  'social-media': ['Sosiaalinen media', 'Sociala medier', 'Social media'],
  'mobile-app': ['Mobiilisovellus', 'Mobilapp', 'Mobile app'],
  // Review decisions
  continue: ['Jatketaan', 'Fortsätts', 'Continue'],
  develop: ['Kehitetään', 'Utvecklas', 'Develop'],
  retire: ['Lakkautetaan', 'Läggs ned', 'Retire'],
  'change-production': ['Tuotantotapa muuttuu', 'Produktionssättet ändras', 'Change production'],
  // Why a review is questioned
  'does-not-reach-target-group': [
    'Ei tavoita kohderyhmää',
    'Når inte målgruppen',
    'Does not reach its target group',
  ],
  'low-satisfaction': ['Heikko tyytyväisyys', 'Låg nöjdhet', 'Low satisfaction'],
}

const headings = {
  record: ['Kirjanpito', 'Registret', 'The record'],
  asOf: ['tilanne', 'läge per', 'as of'],
  events: ['tapahtumaa', 'händelser', 'events'],
  catalogue: ['Palveluluettelo', 'Tjänstekatalog', 'Service catalogue'],
  classification: [
    'Palvelut velvoitteen, saatavuuden ja tuotantotavan mukaan',
    'Tjänster efter skyldighet, tillgänglighet och produktionssätt',
    'Services by obligation, availability and production mode',
  ],
  obligation: ['Velvoite', 'Skyldighet', 'Obligation'],
  availability: ['Saatavuus', 'Tillgänglighet', 'Availability'],
  productionMode: ['Tuotantotapa', 'Produktionssätt', 'Production mode'],
  services: ['Palveluja', 'Tjänster', 'Services'],
  service: ['Palvelu', 'Tjänst', 'Service'],
  lifecycle: ['Elinkaari', 'Livscykel', 'Lifecycle'],
  compliance: ['Palvelulupaukset', 'Servicelöften', 'Service promises'],
  cases: ['Asiat', 'Ärenden', 'Cases'],
  contacts: ['Yhteydenotot', 'Kontakter', 'Contacts'],
  answered: ['Vastattu', 'Besvarade', 'Answered'],
  awaiting: ['Odottaa vastausta', 'Väntar på svar', 'Awaiting an answer'],
  closedWithoutAnswer: ['Suljettu ilman vastausta', 'Stängda utan svar', 'Closed without an answer'],
  answeredOnTime: ['Vastattu määräajassa', 'Besvarade i tid', 'Answered on time'],
  answeredLate: ['Vastattu myöhässä', 'Besvarade för sent', 'Answered late'],
  withinDeadline: ['Odottaa, määräaika kesken', 'Väntar, inom tidsfristen', 'Awaiting, within the deadline'],
  overdue: ['Myöhässä, ei vastausta', 'Försenade, utan svar', 'Overdue, no answer'],
  oldestDays: ['Vanhin odottava (pv)', 'Äldsta väntande (d)', 'Oldest waiting (days)'],
  firstContact: [
    'Vireille ensimmäisellä yhteydellä',
    'Inlett vid första kontakten',
    'Opened at first contact',
  ],
  hoursToAnswer: [
    'Vastausaika, mediaani / p90 (h)',
    'Svarstid, median / p90 (h)',
    'Hours to answer, median / p90',
  ],
  satisfaction: ['Asiakastyytyväisyys (1-5)', 'Kundnöjdhet (1-5)', 'Satisfaction (1-5)'],
  needsMet: ['Palvelu vastaa tarpeisiini', 'Tjänsten motsvarar mina behov', 'The service meets my needs'],
  communication: [
    'Viestintä on riittävää ja ymmärrettävää',
    'Kommunikationen är tillräcklig och begriplig',
    'Communication is sufficient and understandable',
  ],
  responses: ['Vastauksia', 'Svar', 'Responses'],
  mean: ['Keskiarvo', 'Medelvärde', 'Mean'],
  reviewAgenda: ['Arviointiagenda', 'Granskningsagenda', 'Review agenda'],
  reviewDue: ['Arviointi erääntynyt', 'Granskning förfallen', 'Due for review'],
  questioned: ['Kyseenalaistettu', 'Ifrågasatt', 'Questioned'],
  lastReview: ['Viimeisin arviointi', 'Senaste granskning', 'Last review'],
  never: ['ei koskaan', 'aldrig', 'never'],
  criticalReadiness: [
    'Kriittiset palvelut häiriössä',
    'Kritiska tjänster i störning',
    'Critical services disrupted',
  ],
  since: ['Alkaen', 'Sedan', 'Since'],
  continuity: ['Jatkuvuusjärjestely', 'Kontinuitetsarrangemang', 'Continuity arrangement'],
  channelMix: ['Yhteydenottokanavat', 'Kontaktkanaler', 'Contact channels'],
  channel: ['Kanava', 'Kanal', 'Channel'],
  digitalShare: ['Digitaalisten osuus', 'Digital andel', 'Digital share'],
  retiredExplained: ['Lakkautettu palvelu', 'Nedlagd tjänst', 'A retired service'],
  none: ['ei yhtään', 'inga', 'none'],
  findings: ['Havainnot', 'Iakttagelser', 'Findings'],
  rule: ['Sääntö', 'Regel', 'Rule'],
  count: ['Määrä', 'Antal', 'Count'],
  time: ['Aika', 'Tid', 'Time'],
  event: ['Tapahtuma', 'Händelse', 'Event'],
  changed: ['Muuttui', 'Ändrades', 'Changed'],
  guardedBy: ['Tarkistetut säännöt', 'Kontrollerade regler', 'Rules checked'],
  basis: ['Perusteena arviointi', 'Grundat på granskning', 'Based on the review of'],
  state: ['Tila nyt', 'Läge nu', 'State now'],
  historyIntact: ['Tapahtumaketju eheä', 'Händelsekedjan intakt', 'Hash chain intact'],
  historyBroken: ['Tapahtumaketju rikki', 'Händelsekedjan bruten', 'History breached'],
  streams: ['virtaa', 'strömmar', 'streams'],
  digest: ['tiiviste', 'sammandrag', 'digest'],
  noFindings: [
    'Ei havaintoja: kirjanpito täyttää strategian säännöt',
    'Inga iakttagelser: registret uppfyller strategins regler',
    'No findings: the record keeps the strategy’s rules',
  ],
  accepted: ['hyväksytty', 'godkända', 'accepted'],
  rejected: ['hylätty', 'avvisade', 'rejected'],
  commands: ['Komennot', 'Kommandon', 'Commands'],
  // The HTML report
  auditReport: ['Palveluiden tarkastusraportti', 'Granskningsrapport för tjänsterna', 'Service audit report'],
  month: ['Kuukausi', 'Månad', 'Month'],
  share: ['Osuus', 'Andel', 'Share'],
  hours: ['tuntia', 'timmar', 'hours'],
  median: ['Mediaani', 'Median', 'Median'],
  promiseAnswers: [
    'Lupaus 2: asiakas saa aina vastauksen, avatut asiat kuukausittain',
    'Löfte 2: kunden får alltid svar, öppnade ärenden per månad',
    'Promise 2: the customer always gets an answer, cases by month opened',
  ],
  promiseAnswersText: [
    'Kunkin kuukauden aikana avatut asiat: vastattu määräajassa, vastattu myöhässä, odottaa määräajan puitteissa ja myöhässä ilman vastausta.',
    'Ärenden öppnade varje månad: besvarade i tid, besvarade för sent, väntande inom tidsfristen och försenade utan svar.',
    'Cases opened each month: answered on time, answered late, awaiting within the deadline, and overdue without an answer.',
  ],
  promiseHours: [
    'Lupaus 2: tunnit ensimmäiseen vastaukseen kuukausittain',
    'Löfte 2: timmar till första svaret per månad',
    'Promise 2: hours to the first answer by month',
  ],
  promiseHoursText: [
    'Mediaani ja 90. persentiili tunteina yhteydenotosta ensimmäiseen vastaukseen, asian avauskuukauden mukaan.',
    'Median och 90:e percentil i timmar från kontakten till första svaret, efter månaden ärendet öppnades.',
    'Median and 90th percentile of the hours from the contact to the first answer, by the month the case was opened.',
  ],
  firstContactText: [
    'Osuus asioista, jotka tulivat vireille jo ensimmäisellä yhteydenotolla (lupaus 3), kuukausittain.',
    'Andelen ärenden som inleddes redan vid första kontakten (löfte 3), per månad.',
    'The share of cases initiated at the first contact (promise 3), by month.',
  ],
  channelMixText: [
    'Yhteydenotot kanavittain kuukausittain.',
    'Kontakter per kanal och månad.',
    'Contacts by channel, month by month.',
  ],
  digitalShareText: [
    'Digitaalisten kanavien osuus yhteydenotoista kuukausittain.',
    'De digitala kanalernas andel av kontakterna per månad.',
    'The digital channels’ share of the contacts, month by month.',
  ],
  satisfactionText: [
    'Vastausten jakauma asteikolla 1–5 palveluittain; ylin rivi on koko kaupunki.',
    'Svarens fördelning på skalan 1–5 per tjänst; översta raden är hela staden.',
    'The distribution of the 1–5 answers by service; the top row is the whole city.',
  ],
  city: ['Koko kaupunki', 'Hela staden', 'Whole city'],
  lifecycleTimeline: ['Palveluiden elinkaari', 'Tjänsternas livscykel', 'Service lifecycles'],
  lifecycleText: [
    'Jokaisen palvelun vaiheet: suunnittelu, tuotanto, häiriöt ja lakkautus; merkki näyttää viimeisimmän arvioinnin ja sen päätöksen.',
    'Varje tjänsts faser: planering, produktion, störningar och nedläggning; märket visar den senaste granskningen och dess beslut.',
    'Each service’s phases: planning, production, disruptions and retirement; a mark shows its latest review and the decision.',
  ],
  phase: ['Vaihe', 'Fas', 'Phase'],
  planning: ['Suunnittelu', 'Planering', 'Planning'],
  production: ['Tuotanto', 'Produktion', 'Production'],
  disruption: ['Häiriö', 'Störning', 'Disruption'],
  retirement: ['Lakkautus', 'Nedläggning', 'Retirement'],
  start: ['Alku', 'Början', 'Start'],
  end: ['Loppu', 'Slut', 'End'],
  decision: ['Päätös', 'Beslut', 'Decision'],
  replacedBy: ['Korvaaja', 'Ersatt av', 'Replaced by'],
  reasons: ['Perusteet', 'Skäl', 'Reasons'],
  retirementDecidedNotDone: [
    'Lakkautus päätetty, ei toteutettu',
    'Nedläggning beslutad, inte genomförd',
    'Retirement decided, not done',
  ],
  dataTable: ['Taulukko', 'Tabell', 'Data table'],
  noData: ['Ei tietoja tältä ajalta.', 'Inga uppgifter för perioden.', 'No data for this period.'],
  identity: ['Kirjanpidon tunniste', 'Registrets identitet', 'The record’s identity'],
  position: ['Sijainti', 'Position', 'Position'],
  chainVersions: ['Ketjuversiot', 'Kedjeversioner', 'Chain versions'],
  readAt: ['Luettu hetkellä', 'Läst vid', 'Read at'],
  generatedAt: ['Laadittu', 'Skapad', 'Generated'],
  timeZone: ['Aikavyöhyke', 'Tidszon', 'Time zone'],
  wholeRecord: ['koko kirjanpito', 'hela registret', 'the whole record'],
} as const satisfies Labels
export type Heading = keyof typeof headings

const index: Record<Lang, number> = { fi: 0, sv: 1, en: 2 }

/** A vocabulary value's name in a language; unknown codes are shown as they are. */
export const term = (lang: Lang, code: string): string => vocabulary[code]?.[index[lang]] ?? code

/** A heading in a language. */
export const heading = (lang: Lang, key: Heading): string => headings[key][index[lang]]

/** A localized name in a language, else in Finnish, else the fallback (an id). */
export const nameIn = (lang: Lang, name: LocalizedText | undefined, fallback: string): string =>
  name?.[lang] ?? name?.fi ?? fallback
