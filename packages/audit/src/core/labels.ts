/**
 * Names for people: the vocabulary and the report headings in Finnish, Swedish and English, the
 * languages a Finnish city serves its residents in. Codes stay in `--json`; labels are for reading.
 */
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
} as const satisfies Labels
export type Heading = keyof typeof headings

const index: Record<Lang, number> = { fi: 0, sv: 1, en: 2 }

/** A vocabulary value's name in a language; unknown codes are shown as they are. */
export const term = (lang: Lang, code: string): string => vocabulary[code]?.[index[lang]] ?? code

/** A heading in a language. */
export const heading = (lang: Lang, key: Heading): string => headings[key][index[lang]]
