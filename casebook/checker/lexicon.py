"""Generic vocabulary the checker uses to explain capitalised words away (or to find cues).

Everything here is general English and coaching-domain knowledge: job titles, governance
bodies, instruments and frameworks, calendar words, honorifics, organisation suffixes. No
list names a particular client, firm or place. Places and first names come from registry
gazetteers (see `gazetteers.py`).
"""
from __future__ import annotations


def _words(s: str) -> frozenset[str]:
    return frozenset(w for w in s.split() if w)


# Words that make up job titles, roles, teams, committees and governance bodies. A
# capitalised run made only of these (plus connectors) is a title, not a name.
TITLE_WORDS = _words("""
Managing Director Directors Executive Executives Non-Executive Non-executive Chief Officer
Officers Head Heads Deputy Assistant Associate Senior Junior Principal Lead Leads Leader
Leaders Manager Managers Management Vice President Presidents Chair Chairs Chairman
Chairwoman Chairperson Chairs Co-Chair Secretary Secretary-General General Counsel Treasurer
Partner Partners Founder Founders Co-founder Co-Founder Owner CEO CFO COO CTO CIO CMO CHRO CPO
CRO CDO CSO CISO MD VP SVP EVP GM HR HRD HRBP PA EA Board Boards Council Councils Committee
Committees Panel Team Teams Group Unit Units Department Departments Division Divisions Office
Offices Function Functions Service Services Member Members State States Governor Governors
Trustee Trustees Steward Stewards Commissioner Commissioners Minister Ministers Permanent
Under-Secretary Undersecretary Principal Dean Provost Registrar Chancellor Vice-Chancellor
Professor Lecturer Fellow Fellows Consultant Consultants Surgeon Surgeons Nurse Nurses Matron
Registrar Editor Editor-in-Chief Producer Production Operations Operational Finance Financial
Sales Marketing Product Products Engineering Engineer Engineers Technology Technical Data
Digital Strategy Strategic People Talent Learning Development Organisational Organizational
Culture Diversity Inclusion Equity Belonging Wellbeing Well-being Risk Compliance Audit Legal
Policy Policies Standards Quality Research Innovation Transformation Change Programme
Programmes Program Programs Project Projects Portfolio Portfolios Customer Customers Client
Clients Commercial Communications Comms Corporate Affairs Public Relations Investor Brand
Design Supply Chain Procurement Logistics Facilities Estates Property Treasury Tax Payroll
Reward Benefits Recruitment Resourcing Shared Support Administration Admin Business Partner
Partnering Regional Region Regions Area Areas Country Countries Global International National
Local Group-wide Enterprise Growth Revenue Account Accounts Key Relationship Relationships
Trading Trader Traders Desk Floor Store Stores Branch Branches Site Sites Plant Works Shift
Ward Wards Clinical Medical Nursing Care Practice Practices Academic School Schools Faculty
Faculties College Colleges Student Students Graduate Graduates Apprentice Apprentices Trainee
Trainees Intern Interns Analyst Analysts Specialist Specialists Adviser Advisers Advisor
Advisors Coordinator Coordinators Administrator Administrators Executive-level Board-level
C-suite C-Suite Leadership Steering Working Task Force Forum Network Networks Community
Communities Circle Circles Council-wide Family Families Shareholder Shareholders Stakeholder
Stakeholders Investor Investors Review Reviews Annual General Meeting Meetings Town Hall
Away Day Offsite Off-site Retreat Summit Conference Workshop Workshops Session Sessions
Academy Institute-wide Service-wide Directorate Directorates Secretariat Chamber Assembly
Parliament Cabinet Government Ministry Agency Authority Authorities Regulator Tribunal Court
Courts Judiciary Police Army Navy Air Force Forces Civil Servant Servants Chapter Mission
Delegation Delegations Representative Representatives Ambassador Consul Envoy Champion
Champions Sponsor Sponsors Mentor Mentors Mentee Mentees Coach Coaches Coaching Coachee
Supervisor Supervisors Supervision Corporal Sergeant Lieutenant Colonel Brigadier Admiral
Commander Commodore Marine Marines Corps Regiment Battalion Platoon Soldier Soldiers Veteran
Veterans Captain Coach Player Players Squad Squads Crew Tribe
Tribes Chapter Guild Guilds Pod Pods Cell Cells Hub Hubs Centre Center Excellence
Operations-Director Director-General Deputy-Director Head-of Managing-Director
""")

# Descriptive words that are often capitalised in titles or for emphasis but identify no one.
GENERIC_CAPS = _words("""
The A An This That These Those My Our Your His Her Their Its We I You He She They It Me Us Him
Them One Two Three Four Five Six Seven Eight Nine Ten First Second Third Fourth Fifth Last Next
New Old Big Small Great Good Bad Best Better High Higher Low Lower Top Bottom Early Late Long
Short Quick Real True Whole Every Each All Some Any No Not None Most More Less Few Many Other
Another Same Such Own Only Just Also Even Still Yet Now Then Here There Today Tomorrow Yesterday
Northern Southern Eastern Western North South East West Central Midlands Upper Lower Inner
Outer Greater Metropolitan Urban Rural Coastal Western-European Nordic Scandinavian Baltic
Balkan Mediterranean Atlantic Pacific Gulf Asian European African American Latin Middle
Eastern Arab Caribbean Oceanian Antipodean Continental Global Worldwide Multinational
Public Private Independent Voluntary Charity Charitable Non-profit Not-for-profit Family-owned
Listed FTSE Fortune Tier Series Round Seed Stage Phase Part Chapter Step Level Grade Band
Year Years Month Months Week Weeks Day Days Quarter Quarters Season Half Spring Summer
Autumn Winter Fall Peak
Yes Ok OK Okay Thanks Thank Please Sorry Hello Hi Dear Kind Regards Best Note Notes Update
Important Warning Tip Tips Summary Background Context Outcome Outcomes Result Results Goal
Goals Before After Lessons Lesson Takeaways Reflection Reflections Afterword Postscript
Epilogue Prologue Introduction Conclusion Appendix Contents Index Acknowledgements Thanks
Story Stories Case Study Studies Insight Insights Theme Themes Client-story Programme-level
Why What When Where Who Whom Whose How Which While Because Although Though If Unless Until
Since As At By For From In Into Of Off On Onto Out Over Through To Under Up With Within Without
And But Or Nor So Yet Both Either Neither Whether Not
""")

# Coaching and management instruments, frameworks, models and methods: public knowledge.
INSTRUMENTS = _words("""
360 360° DiSC DISC MBTI Myers-Briggs Myers Briggs Hogan HPI HDS MVPI CliftonStrengths
StrengthsFinder Clifton Gallup Q12 GROW OSKAR CLEAR FUEL STAR STAR-method SCARF RAPID RACI
RASCI DACI OKR OKRs KPI KPIs SMART SWOT PESTLE PEST Belbin Enneagram FIRO FIRO-B TKI
Thomas-Kilmann Kilmann Lominger Kolb Johari Karpman Tuckman Lencioni Covey Maslow Kotter
Kübler-Ross Herzberg Eisenhower Pareto Agile Scrum Kanban Lean Six Sigma Prince2 PRINCE2 PMP
ITIL TOGAF Insights Discovery Lumina Spark Birkman LSI Leadership Circle Profile EQ EQ-i EI
NLP TA CBT ACT DBT Gestalt Transactional Analysis Appreciative Inquiry Socratic Ladder
Inference Iceberg Window Drama Triangle Circle Influence Concern Cynefin VUCA BANI ADKAR
McKinsey 7-S Balanced Scorecard NPS eNPS CSAT ROI P&L EBITDA ESG DEI ED&I EDI D&I HR L&D OD
IT AI ML UX UI QA R&D M&A IPO B2B B2C SaaS FMCG NHS PhD MBA MSc BSc BA MA CPD ILM CIPD ICF
EMCC AC ACC PCC MCC CIMA ACCA ACA CFA CIPS APM PMI ISO GDPR SLA SLAs PR
Zoom Teams Slack Excel PowerPoint Word Outlook Miro Trello Jira Confluence Notion
Docs Sheets Meet Markdown GitHub LinkedIn WhatsApp Instagram Twitter Facebook YouTube TikTok Lego Post-it
Post-its Kindle iPhone iPad Mac Windows Bluetooth Wi-Fi Covid COVID COVID-19
Internet Web English French German Spanish Italian Portuguese Dutch Mandarin Cantonese
Japanese Korean Hindi Urdu Arabic Polish Russian Turkish Greek Swedish Norwegian Danish
Finnish Hebrew Welsh Gaelic Irish Scottish British
""")

MONTHS = ("January February March April May June July August September October November "
          "December").split()
MONTH_ABBR = "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun".split()
HOLIDAYS = _words("""
Christmas Xmas Easter Diwali Eid Ramadan Hanukkah Passover Thanksgiving Halloween Lent Advent
Boxing Day New Year Year's Eve Hogmanay Lunar Chinese Vesak Holi Navratri Yom Kippur Rosh
Hashanah Pentecost Whitsun Bank Holiday Holidays Midsummer Juneteenth Labor Labour Memorial
Independence Valentine's Mother's Father's Pride Black History Month Women's International
""")
SEASONS = ("spring", "summer", "autumn", "fall", "winter")

HONORIFICS = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Professor", "Sir", "Dame",
              "Lord", "Lady", "Rev", "Revd", "Reverend", "Judge", "Justice", "Councillor",
              "Cllr", "Senator", "Rabbi", "Imam", "Father", "Sister", "Brother", "Uncle",
              "Aunt", "Auntie", "Madam", "Madame", "Monsieur", "Herr", "Frau", "Señor",
              "Señora", "Mme", "Mlle", "Capt", "Captain", "Colonel", "Col", "Major", "General",
              "Lt", "Sgt", "Dr.", "Mr.", "Mrs.", "Ms.", "Prof.")

# Last words that make a capitalised run an organisation.
ORG_SUFFIXES = _words("""
Ltd Ltd. Limited plc PLC Plc Inc Inc. Incorporated LLC LLP LP Corp Corp. Corporation Co Co.
GmbH AG SA S.A. SAS BV B.V. NV N.V. AB ASA Oy KK Pty SE SpA S.p.A. Srl
Group Holdings Bank Banking Capital Investments Insurance Assurance Partners Associates
Consulting Consultancy Advisory Solutions Technologies Technology Tech Systems Software Labs
Lab Analytics Digital Media Studios Studio Agency Ventures Industries Industrial Enterprises
Manufacturing Engineering Energy Power Utilities Water Airways Airlines Air Rail Railways
Motors Automotive Logistics Freight Shipping Pharma Pharmaceuticals Therapeutics Biotech
Health Healthcare Clinic Clinics Hospital Hospitals Trust Foundation Fund Charity Society
Association Federation Union Alliance Institute University College Academy School Council
Authority Commission Ministry Department Bureau Agency Press Publishing Books Foods Food
Brewery Brewing Bakery Dairies Farms Retail Stores Supermarkets Hotels Hotel Resorts Homes
Housing Estates Properties Developments Construction Builders Architects Design Designs
Chambers Solicitors Law Legal Accountants Audit Payments Pay Finance Financial Credit
Mutual Telecom Telecoms Networks Communications Mobile Games Gaming Sports Club
FC United City Rovers Athletic Orchestra Theatre Museum Gallery Library Network Collective
Cooperative Co-op Co-operative Interactive Robotics Aerospace Defence Defense Security
Recruitment Resources Training Learning Education Schools Nurseries Care Services Service
""")

# Suffix words that are too generic alone: "Leadership Academy", "Family Council",
# "Executive Team". They make an org only with a name-like word before them.
WEAK_ORG_SUFFIXES = frozenset({"Group", "Council", "Academy", "School", "College",
                               "Department", "Service", "Services", "Network", "Union",
                               "Society", "Association", "Alliance", "Club", "Care",
                               "Learning", "Training", "Education", "Design", "Finance",
                               "Security", "Resources", "Digital", "Media", "Communications",
                               "Technology", "Tech", "Legal", "Audit", "Health", "Retail",
                               "Food", "Foods", "Press", "Collective", "Fund", "Trust",
                               "Commission", "Authority", "Ministry", "Bureau", "Agency",
                               "Institute", "University", "Foundation", "Bank", "Capital",
                               "Partners", "Hospital", "City", "United"})

# Place-type words: a capitalised name before them is a place.
STREET_SUFFIXES = _words("""
Street St Road Rd Avenue Ave Lane Ln Place Pl Square Sq Wharf Way Drive Dr Boulevard Blvd
Close Crescent Terrace Row Gardens Grove Mews Hill Parade Quay Embankment Circus Gate Walk
""")
BUILDING_SUFFIXES = _words("""
House Tower Towers Building Buildings Campus Centre Center Hall Court Plaza Park Estate
Business-Park Complex Quarter Yard Works Mill Mills Exchange Arcade Atrium Pavilion Lodge
Manor Castle Barracks Airport Station Terminal Harbour Harbor Port Docks Island Valley
""")
SITE_WORDS = ("office", "offices", "site", "sites", "plant", "depot", "campus", "branch",
              "store", "warehouse", "factory", "headquarters", "HQ", "hub", "facility",
              "clinic", "hospital", "studio", "lab", "mill", "yard", "terminal", "base",
              "distribution centre", "call centre", "contact centre")

# Nouns that make "the first/only/youngest ... X" a description of one person.
PERSON_NOUNS = _words("""
woman women man men person people female male girl boy mother father mum dad parent
black Black disabled deaf blind wheelchair user gay lesbian trans openly immigrant refugee
engineer scientist surgeon doctor nurse lawyer partner director chair chairwoman chairman
CEO leader member graduate apprentice trainee intern professor lecturer officer pilot
captain player athlete Olympian Paralympian medallist champion winner recipient holder
founder executive manager head minister ambassador judge employee hire appointee candidate
speaker user veteran survivor widow widower twin mum-of-five consultant nurse midwife
""")

# Count nouns after a number: "2000 employees" is a quantity, not a year.
COUNT_NOUNS = _words("""
people employees staff colleagues members customers clients users patients students pupils
words hours minutes days weeks months years pounds dollars euros miles kilometres km units
items pages calls emails meetings stores sites branches beds homes tonnes vehicles cars
participants delegates applicants candidates responses respondents votes shares jobs roles
""")

CONNECTORS = frozenset({"of", "and", "&", "for", "the", "de", "van", "von", "der", "den",
                        "du", "da", "di", "la", "le", "del", "dos", "das", "y", "bin", "al"})
# Connectors allowed inside a capitalised run (between two capitalised words).
INNER_CONNECTORS = frozenset({"of", "&", "for", "de", "van", "von", "der", "den", "du", "da",
                              "di", "la", "le", "del", "dos", "das", "bin", "al", "on"})

# Verbs that follow a person's name at the start of a sentence ("Priya said").
PERSON_VERBS = _words("""
said says told tells asked asks replied answered admitted explained added wrote writes
laughed smiled paused sighed nodded agreed disagreed decided realised realized noticed
felt feels thought thinks wanted wants knew knows arrived arrives joined joins left leaves
came comes went goes took takes had has was is would could will did does started starts
began begins became becomes called calls emailed messaged rang met meets worked works led
leads ran runs moved moved made makes got gets saw sees heard hears spoke speaks described
describes recalled remembered admitted confessed insisted reflected looked looks needed
needs tried tries found finds kept keeps loved loves hated hates spent spends chose
""")

# Acronyms that name no one: business, HR, finance, tech and public-life vocabulary. Other
# acronyms (a client's initials, an employer's short name) are reported.
ACRONYMS = _words("""
AGM EGM ELT SLT SMT ExCo EXCO OpCo BU BUs CRM ERP FTE FTEs YoY QoQ MoM RAG USP MVP POC PoC
SOP SOPs KPI OKR ROI ROE P&L EBIT EBITDA CAPEX OPEX IPO M&A PE VC LBO CEO CFO COO CTO CIO CMO
CHRO CPO CRO CDO CSO CISO CCO CAO CXO MD GM VP SVP EVP AVP HR HRD HRBP L&D OD DEI D&I ED&I
EDI ESG CSR PR IR IT IS AI ML UX UI QA QC R&D API APIs SaaS PaaS IaaS B2B B2C D2C FMCG CPG
SME SMEs NGO NGOs NHS GP GPs A&E ICU HMRC VAT GDPR FCA PRA SEC FTSE NYSE S&P UN EU UK US
USA UAE NATO WHO IMF OECD G7 G20 MBA MSc BSc BA MA PhD MD CPD CV CVs ID PA EA TBC TBD FAQ
FAQs ASAP FYI OK AM PM GMT BST UTC ET PT CET Q1 Q2 Q3 Q4 H1 H2 FY ISO PDF PPT CSV URL
NPS eNPS CSAT SLA SLAs RFP RFI RFQ PO POs SKU SKUs PPE HSE EHS LTI LTIs TRIR SHE WFH RTO
OOO LGBT LGBTQ LGBTQ+ BAME BME DE&I ADHD ASD OCD PTSD CBT DBT NLP TA EQ EI IQ MBTI DISC
GROW RAPID RACI SMART SWOT PESTLE OKRs KPIs TKI FIRO ICF EMCC ILM CIPD AC ACC PCC MCC
III II IV VI VII VIII IX XI XII TV TED Q&A AMA CEOs CFOs CTOs VPs MDs GMs EAs PAs NEDs NED NEDs
""")

# Last words of instruments, models and frameworks: "Thomas-Kilmann Conflict Mode
# Instrument", "Situational Leadership Model". Public knowledge, not a client.
INSTRUMENT_SUFFIXES = _words("""
Inventory Instrument Indicator Profile Profiler Model Models Principle Principles Framework
Questionnaire Assessment Method Matrix Cycle Curve Theory Grid Wheel Index Scale Test Type
Types Indicator Styles Style Canvas Map Ladder Triangle Diagram Quadrant Quadrants Approach
""")

# Multiword titles and tools whose first word is also a first name or a brand.
PHRASES = ("Lance Corporal", "Lance Sergeant", "Lance Bombardier", "Sergeant Major",
           "Microsoft Teams", "Microsoft Word", "Microsoft Excel", "Microsoft Office",
           "Google Docs", "Google Meet", "Google Drive", "Google Sheets", "Google Slides",
           "Apple Watch", "Marine Corps", "Royal Navy", "Royal Air Force", "Armed Forces",
           "Prime Minister", "Chief of Staff", "Master of Ceremonies", "Father Christmas",
           "Harvard Business Review", "Myers Briggs", "Saint Patrick")

STOP_CAPS = GENERIC_CAPS | TITLE_WORDS | INSTRUMENTS | HOLIDAYS | frozenset(MONTHS) | \
    frozenset(MONTH_ABBR) | frozenset(WEEKDAYS)
