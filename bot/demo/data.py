"""Demo data for ShowUp: the Sacramento City Unified School District (SCUSD) "Family FOCUS" sites,
their monthly parent-workshop calendar, a resource directory for Sacramento families, and
fictitious demo families.

Where the facts come from
-------------------------
* The FOCUS programme itself: SCUSD's "Attendance & Engagement FOCUS Program" page,
  https://care.scusd.edu/lcssp (LCSSP grant, 2023-2026, to reduce chronic absenteeism).
* School addresses and main-office phones: public school-directory pages (schooldigger.com,
  publicschoolreview.com, whatschool.ai, which republish NCES / California Department of
  Education directory data) and school handbooks; the page used is named next to each school.
  They were read from stored copies of those pages, not live, so a number may have changed since.
* Resources: the organisations' own pages or local news, named next to each entry.
* Anything marked ``# unverified`` could not be confirmed and is best knowledge; check it before
  showing it to real families.

The families are invented. Their phone numbers are in the fictional range +1 916 555 01XX, so a
demo can never text a real person.

Conventions for ``FAMILIES`` (``bot/demo/seed.py`` relies on them):
* one dict per guardian; a child's own ``"school"`` key overrides the family's ``school``;
* the same child under two guardians is listed under both, with the same first and last name
  (first + last name identifies a child across the list, so no two different children share one);
* two guardians may share one phone (a household landline / shared mobile).
"""

TIMEZONE = "America/Los_Angeles"

# --------------------------------------------------------------------------------------------
# Schools: the ten Family FOCUS elementary sites, all in Sacramento, CA.
#
# Bell times: SCUSD publishes one district bell schedule per site; the one found (Alice Birney,
# 2022-23, https://alicebirneywaldorf.org/about-our-school/class-schedule) runs grades 1-8 from
# 8:00 to 2:12 p.m., with a 1:12 p.m. early release on Thursdays for teacher collaboration. Each
# site's own times were not found, so every site uses that pattern: typical, unverified.
# --------------------------------------------------------------------------------------------
SCHOOLS = [
    {
        "code": "BHE",
        "name": "Bret Harte Elementary School",
        # https://schooldigger.com/go/CA/schools/3384005225/school.aspx
        # (publicschoolreview.com's 2020 listing gives (916) 277-6261 instead)
        "phone": "+19163955190",
        "address": "2751 Ninth Avenue, Sacramento, CA 95818",
        "start_time": "08:00",  # typical, unverified
        "end_time": "14:12",  # typical, unverified
        "timezone": TIMEZONE,
    },
    {
        "code": "CWE",
        "name": "Caroline Wenzel Elementary School",
        "phone": "+19163954625",  # unverified
        "address": "6870 Greenhaven Drive, Sacramento, CA 95831",  # unverified
        "start_time": "08:00",  # typical, unverified
        "end_time": "14:12",  # typical, unverified
        "timezone": TIMEZONE,
    },
    {
        "code": "HPE",
        "name": "Hollywood Park Elementary School",
        # 2017-18 Student/Parent Handbook (hollywoodpark.scusd.edu), via
        # https://vdocument.in/viewstudents-or-parentsguardians-are-responsible-for-the-current-replacement-cost.html
        "phone": "+19163954590",
        "address": "4915 Harte Way, Sacramento, CA 95822",
        "start_time": "08:00",  # typical, unverified
        "end_time": "14:12",  # typical, unverified
        "timezone": TIMEZONE,
    },
    {
        "code": "HWH",
        "name": "H. W. Harkness Elementary School",
        # https://schooldigger.com/go/CA/schools/3384005246/school.aspx
        "phone": "+19163954585",
        "address": "2147 54th Avenue, Sacramento, CA 95822",
        "start_time": "08:00",  # typical, unverified
        "end_time": "14:12",  # typical, unverified
        "timezone": TIMEZONE,
    },
    {
        "code": "ICE",
        "name": "Isador Cohen Elementary School",
        # https://schooldigger.com/go/CA/schools/3384005250/school.aspx
        "phone": "+19163954600",
        "address": "9025 Salmon Falls Drive, Sacramento, CA 95826",
        "start_time": "08:00",  # typical, unverified
        "end_time": "14:12",  # typical, unverified
        "timezone": TIMEZONE,
    },
    {
        "code": "JCE",
        "name": "John Cabrillo Elementary School",
        # https://schooldigger.com/go/CA/schools/3384005255/school.aspx
        "phone": "+19163954615",
        "address": "1141 Seamas Avenue, Sacramento, CA 95822",
        "start_time": "08:00",  # typical, unverified
        "end_time": "14:12",  # typical, unverified
        "timezone": TIMEZONE,
    },
    {
        "code": "JDS",
        "name": "John D. Sloat Elementary School",
        # https://www.schooldigger.com/go/CA/schools/3384005256/school.aspx
        "phone": "+19164335051",
        "address": "7525 Candlewood Way, Sacramento, CA 95822",
        "start_time": "08:00",  # typical, unverified
        "end_time": "14:12",  # typical, unverified
        "timezone": TIMEZONE,
    },
    {
        "code": "MLK",
        # A K-8 school; its FOCUS programme serves the elementary grades.
        "name": "Martin Luther King Jr. K-8 School",
        # 2013-14 Parent/Student Handbook, https://docsbay.net/sacramento-city-unified-school-district-s1
        "phone": "+19164335062",
        "address": "480 Little River Way, Sacramento, CA 95831",
        "start_time": "08:00",  # typical, unverified
        "end_time": "14:12",  # typical, unverified
        "timezone": TIMEZONE,
    },
    {
        # "Nicholas/CB Wire" in the FOCUS list is one site, Nicholas Elementary. Its campus is
        # being rebuilt (groundbreaking June 2023, due fall 2025:
        # https://www.californiaconstructionnews.com/2023/06/19/construction-begins-on-two-south-sacramento-schools/);
        # that the school meanwhile uses the closed Clayton B. Wire campus is unverified.
        "code": "NIC",
        "name": "Nicholas Elementary School",
        # https://www.us.tx.whatschool.net/en/ca/school/llm/nicholas-elementary-sacramento
        "phone": "+19163954655",
        "address": "5100 El Paraiso Avenue, Sacramento, CA 95824",
        "start_time": "08:00",  # typical, unverified
        "end_time": "14:12",  # typical, unverified
        "timezone": TIMEZONE,
    },
    {
        # "Suy" in the FOCUS list: no school of that name or abbreviation was found. Taken to be
        # Susan B. Anthony Elementary ("Su..."), a south-Sacramento high-need site with SCUSD's
        # Hmong dual-language programme (https://scusd.edu/school/susan-b-anthony). This
        # identification is unverified; other SCUSD schools starting "Su" are Sutterville
        # and, mid-word, Matsuyama, both with low chronic absence.
        "code": "SBA",
        "name": "Susan B. Anthony Elementary School",
        "phone": "+19164335369",  # unverified
        "address": "7864 Detroit Boulevard, Sacramento, CA 95832",  # unverified
        "start_time": "08:00",  # typical, unverified
        "end_time": "14:12",  # typical, unverified
        "timezone": TIMEZONE,
    },
]

# --------------------------------------------------------------------------------------------
# Workshops: the Family FOCUS monthly parent-workshop calendar, October to May. The first and
# last titles ("Ready, Set, Succeed!", "Summer Vibes") come from the programme brief; the titles
# in between were not found in any public source and are invented on attendance and engagement
# topics. Times, childcare and dinner are the programme's usual format as briefed, unverified.
# --------------------------------------------------------------------------------------------
WORKSHOPS = [
    {
        "month": 10,
        "title": "Ready, Set, Succeed!",
        "topic_key": "ready_set_succeed",
        "start_time": "17:30",
        "duration_minutes": 90,
        "childcare": True,
        "dinner": True,
    },
    {
        "month": 11,
        "title": "Healthy Kids, Present Kids",  # unverified
        "topic_key": "healthy_kids_present_kids",
        "start_time": "17:30",
        "duration_minutes": 90,
        "childcare": True,
        "dinner": True,
    },
    {
        "month": 12,
        "title": "Routines That Stick",  # unverified
        "topic_key": "routines_that_stick",
        "start_time": "17:30",
        "duration_minutes": 90,
        "childcare": True,
        "dinner": True,
    },
    {
        "month": 1,
        "title": "Fresh Start, Every Day Counts",  # unverified
        "topic_key": "fresh_start",
        "start_time": "17:30",
        "duration_minutes": 90,
        "childcare": True,
        "dinner": True,
    },
    {
        "month": 2,
        "title": "Love to Learn: Reading Together at Home",  # unverified
        "topic_key": "love_to_learn",
        "start_time": "17:30",
        "duration_minutes": 90,
        "childcare": True,
        "dinner": True,
    },
    {
        "month": 3,
        "title": "Feelings and Friendships",  # unverified
        "topic_key": "feelings_and_friendships",
        "start_time": "17:30",
        "duration_minutes": 90,
        "childcare": True,
        "dinner": True,
    },
    {
        "month": 4,
        "title": "Rested and Ready for Testing",  # unverified
        "topic_key": "rested_and_ready",
        "start_time": "17:30",
        "duration_minutes": 90,
        "childcare": True,
        "dinner": True,
    },
    {
        # May or June depending on the year's calendar; SCUSD's year ends mid-June.
        "month": 5,
        "title": "Summer Vibes",
        "topic_key": "summer_vibes",
        "start_time": "17:30",
        "duration_minutes": 90,
        "childcare": True,
        "dinner": True,
    },
]

# --------------------------------------------------------------------------------------------
# Resources: a directory for Sacramento families. ``phone`` is E.164, or None for three-digit
# lines (2-1-1, 9-8-8), which the name then spells out.
# --------------------------------------------------------------------------------------------
RESOURCES = [
    {
        "key": "sacramento_food_bank",
        "resource_type": "food",
        # Consolidated at its North Sacramento campus after the Oak Park site closed in 2022:
        # https://abc10.com/article/news/community/race-and-culture/sacramento-food-bank-family-services-closing-oak-park-campus/103-0acfe3df-ab58-4d17-a2f3-5c575e80951b
        # Street address from https://www.sacramentofoodbank.org/50years (ZIP unverified).
        "name": "Sacramento Food Bank & Family Services",
        "phone": "+19164561980",  # unverified
        "address": "1951 Bell Avenue, Sacramento, CA 95838",
        "url": "https://www.sacramentofoodbank.org",
    },
    {
        "key": "rydefreert",
        "resource_type": "transportation",
        # Free SacRT bus, light rail and SmaRT Ride for youth in TK-12:
        # http://www.sacrt.com/frequently-asked-questions/ (phone 916-321-BUSS, sales centre at
        # 1225 R Street; ZIP unverified) and
        # https://www.sacrt.com/rydefreertbacktoschoolnewsrelease2025
        "name": "SacRT RydeFreeRT (free transit for TK-12 students)",
        "phone": "+19163212877",
        "address": "1225 R Street, Sacramento, CA 95811",
        "url": "https://www.rydefreert.com",
    },
    {
        "key": "pta_clothes_closet",
        "resource_type": "clothing",
        # Free clothing, socks, underwear and backpack supplies for SCUSD students aged 3-18,
        # once a semester, run with SCUSD:
        # https://capta.org/resource/sacramento-council-of-ptas-clothes-closet-has-local-families-covered
        # Its location and phone were not found; families are referred through their school.
        "name": "Sacramento Council of PTAs Clothes Closet",
        "phone": None,
        "address": None,
        "url": None,
    },
    {
        "key": "pta_backpack_supplies",
        "resource_type": "school_supplies",
        # Same source as the Clothes Closet above (it also gives backpacks and school supplies).
        "name": "Sacramento Council of PTAs Clothes Closet: backpacks and school supplies",
        "phone": None,
        "address": None,
        "url": None,
    },
    {
        "key": "sacramento_211",
        "resource_type": "housing",
        # 24/7 information and referral, many languages; shelter, rent help, food:
        # https://issuu.com/peoplesguide/docs/sacto_pg_english_final and
        # https://migentemicultura.org/information (211sacramento.org)
        "name": "2-1-1 Sacramento (dial 2-1-1, 24/7)",
        "phone": None,
        "address": None,
        "url": "https://211sacramento.org",
    },
    {
        "key": "scusd_homeless_services",
        "resource_type": "housing",
        # McKinney-Vento rights, enrollment, transport, school and hygiene supplies, shelter
        # referrals: https://www.scusd.edu/homeless-services (the office number; the
        # coordinator has changed since that page, so the number may have too).
        "name": "SCUSD Homeless Education Services (McKinney-Vento)",
        "phone": "+19162776892",
        "address": None,
        "url": "https://www.scusd.edu/homeless-services",
    },
    {
        "key": "wellspace_hiram_johnson",
        "resource_type": "health",
        # School-based community health center at Hiram Johnson High School, open to students
        # and neighbours (primary care, dental, behavioural health):
        # https://www.sacbee.com/news/local/health-and-medicine/article2607556.html
        "name": "WellSpace Health at Hiram Johnson High School",
        "phone": "+19167375555",  # unverified
        "address": "6879 14th Avenue, Sacramento, CA 95820",  # unverified
        "url": "https://www.wellspacehealth.org",  # unverified
    },
    {
        "key": "sac_county_bhs_call_center",
        "resource_type": "mental_health",
        # Single line for county mental-health and substance-use services:
        # https://migentemicultura.org/information
        "name": "Sacramento County Behavioral Health Services Call Center",
        "phone": "+19168751055",
        "address": None,
        "url": None,
    },
    {
        "key": "the_source_sacramento",
        "resource_type": "mental_health",
        # 24/7 call/text support for youth and caregivers, listed by SCUSD Student Support and
        # Health Services: https://podcast.app/staying-selconnected-in-sac-city-p1174676
        "name": "The Source (24/7 call or text support for youth and caregivers)",
        "phone": "+19167877678",
        "address": None,
        "url": None,
    },
    {
        "key": "lifeline_988",
        "resource_type": "mental_health",
        "name": "988 Suicide & Crisis Lifeline (call or text 9-8-8, 24/7)",  # unverified
        "phone": None,
        "address": None,
        "url": "https://988lifeline.org",  # unverified
    },
    {
        "key": "scusd_home_hospital",
        "resource_type": "home_hospital",
        # Instruction at home or in hospital for a temporary disability (California Education
        # Code 48206.3-48208; SCUSD BP 6183); up to 5 hours a week, or Medical Independent
        # Study at Capital City School. Students with an IEP call Special Education instead,
        # (916) 643-9174. https://www.scusd.edu/general-education-home-hospital-instruction
        "name": "SCUSD Home & Hospital Instruction",
        "phone": None,
        "address": None,
        "url": "https://www.scusd.edu/general-education-home-hospital-instruction",
    },
    {
        "key": "internet_essentials",
        "resource_type": "internet",
        # Low-cost home internet for families in the National School Lunch Program and other
        # aid: https://www.timesonline.com/news/20200315/comcast-programs-connect-low-income-families-aid-customers-working-remotely
        # (2020 article; the price and terms have changed since).
        "name": "Comcast Internet Essentials (low-cost home internet)",
        "phone": "+18558468376",
        "address": None,
        "url": "https://www.internetessentials.com",
    },
    {
        "key": "child_action",
        "resource_type": "childcare",
        # Sacramento County's child care resource & referral agency and subsidy programmes:
        # http://sacramento.caresearch.expert/ and https://wp.childaction.org/faq-cai/
        "name": "Child Action, Inc. (child care referrals and subsidies)",
        "phone": "+19163690191",
        "address": "9961 Horn Road, Sacramento, CA 95827",  # unverified
        "url": "https://childaction.org",
    },
    {
        "key": "scusd_focus_program",
        "resource_type": "other",
        # https://care.scusd.edu/lcssp
        "name": "SCUSD Attendance & Engagement FOCUS Program",
        "phone": None,
        "address": None,
        "url": "https://care.scusd.edu/lcssp",
    },
]

# --------------------------------------------------------------------------------------------
# Families: invented, one dict per guardian, covering every supported language
# (en es zh hmn vi ru uk ar pa fa ps tl). Naming follows each community's custom: Hmong
# mothers keep their own clan name, Vietnamese children take the father's surname, Russian
# surnames are gendered, Sikh mothers are Kaur and sons Singh. Children's names are spelled as
# an SCUSD roster would have them (Latin alphabet, no accents).
# --------------------------------------------------------------------------------------------
FAMILIES = [
    {
        "guardian_name": "Tamika Johnson",
        "relationship": "mother",
        "language": "en",
        "phone": "+19165550101",
        "school": "BHE",
        "children": [
            {"first_name": "Jaylen", "last_name": "Johnson", "grade": "4"},
            {"first_name": "Nia", "last_name": "Johnson", "grade": "1"},
        ],
    },
    {
        "guardian_name": "María Guadalupe Hernández",
        "relationship": "mother",
        "language": "es",
        "phone": "+19165550102",
        "school": "HPE",
        "children": [
            {"first_name": "Sofia", "last_name": "Hernandez", "grade": "3"},
            {"first_name": "Mateo", "last_name": "Hernandez", "grade": "K"},
        ],
    },
    # Mother and grandmother share one household phone and the same two children.
    {
        "guardian_name": "Ana Martínez",
        "relationship": "mother",
        "language": "es",
        "phone": "+19165550103",
        "school": "NIC",
        "children": [
            {"first_name": "Diego", "last_name": "Martinez", "grade": "2"},
            {"first_name": "Camila", "last_name": "Martinez", "grade": "5"},
        ],
    },
    {
        "guardian_name": "Rosa Martínez",
        "relationship": "grandmother",
        "language": "es",
        "phone": "+19165550103",
        "school": "NIC",
        "children": [
            {"first_name": "Diego", "last_name": "Martinez", "grade": "2"},
            {"first_name": "Camila", "last_name": "Martinez", "grade": "5"},
        ],
    },
    # Children at two schools: Pa Nhia in the Hmong dual-language strand, Tou at Sloat.
    {
        "guardian_name": "Mai Nou Vang",
        "relationship": "mother",
        "language": "hmn",
        "phone": "+19165550104",
        "school": "SBA",
        "children": [
            {"first_name": "Pa Nhia", "last_name": "Vang", "grade": "1"},
            {"first_name": "Tou", "last_name": "Vang", "grade": "4", "school": "JDS"},
        ],
    },
    {
        "guardian_name": "Youa Her",
        "relationship": "mother",
        "language": "hmn",
        "phone": "+19165550105",
        "school": "CWE",
        "children": [
            {"first_name": "Bao", "last_name": "Xiong", "grade": "K"},
            {"first_name": "Nou", "last_name": "Xiong", "grade": "3"},
        ],
    },
    {
        "guardian_name": "Chue Lee",
        "relationship": "father",
        "language": "hmn",
        "phone": "+19165550106",
        "school": "JDS",
        "children": [
            {"first_name": "Kou", "last_name": "Lee", "grade": "2"},
        ],
    },
    {
        "guardian_name": "Xeng Thao",
        "relationship": "father",
        "language": "hmn",
        "phone": "+19165550107",
        "school": "HWH",
        "children": [
            {"first_name": "Maiyer", "last_name": "Thao", "grade": "5"},
        ],
    },
    {
        "guardian_name": "Pheng Yang",
        "relationship": "grandfather",
        "language": "hmn",
        "phone": "+19165550108",
        "school": "NIC",
        "children": [
            {"first_name": "Kaying", "last_name": "Yang", "grade": "3"},
        ],
    },
    {
        "guardian_name": "José Luis Ramírez",
        "relationship": "father",
        "language": "es",
        "phone": "+19165550109",
        "school": "HWH",
        "children": [
            {"first_name": "Valeria", "last_name": "Ramirez", "grade": "5"},
        ],
    },
    {
        "guardian_name": "Guadalupe Flores",
        "relationship": "aunt",
        "language": "es",
        "phone": "+19165550110",
        "school": "JCE",
        "children": [
            {"first_name": "Angel", "last_name": "Flores", "grade": "1"},
        ],
    },
    {
        "guardian_name": "Juan Carlos Mendoza",
        "relationship": "father",
        "language": "es",
        "phone": "+19165550111",
        "school": "BHE",
        "children": [
            {"first_name": "Isabella", "last_name": "Mendoza", "grade": "2"},
            {"first_name": "Santiago", "last_name": "Mendoza", "grade": "4"},
            {"first_name": "Emiliano", "last_name": "Mendoza", "grade": "6"},
        ],
    },
    {
        "guardian_name": "Leticia Gómez",
        "relationship": "mother",
        "language": "es",
        "phone": "+19165550112",
        "school": "ICE",
        "children": [
            {"first_name": "Ximena", "last_name": "Gomez", "grade": "K"},
        ],
    },
    {
        "guardian_name": "Mei Ling Wong",
        "relationship": "mother",
        "language": "zh",
        "phone": "+19165550113",
        "school": "ICE",
        "children": [
            {"first_name": "Ethan", "last_name": "Wong", "grade": "2"},
            {"first_name": "Chloe", "last_name": "Wong", "grade": "5"},
        ],
    },
    {
        "guardian_name": "Wei Zhang",
        "relationship": "father",
        "language": "zh",
        "phone": "+19165550114",
        "school": "HPE",
        "children": [
            {"first_name": "Kevin", "last_name": "Zhang", "grade": "6"},
        ],
    },
    {
        "guardian_name": "Lan Nguyen",
        "relationship": "mother",
        "language": "vi",
        "phone": "+19165550115",
        "school": "JCE",
        "children": [
            {"first_name": "Khoa", "last_name": "Tran", "grade": "4"},
            {"first_name": "Anh", "last_name": "Tran", "grade": "1"},
        ],
    },
    {
        "guardian_name": "Svetlana Petrova",
        "relationship": "mother",
        "language": "ru",
        "phone": "+19165550116",
        "school": "ICE",
        "children": [
            {"first_name": "Artem", "last_name": "Petrov", "grade": "3"},
        ],
    },
    {
        "guardian_name": "Oksana Kovalenko",
        "relationship": "mother",
        "language": "uk",
        "phone": "+19165550117",
        "school": "ICE",
        "children": [
            {"first_name": "Maksym", "last_name": "Kovalenko", "grade": "K"},
        ],
    },
    {
        "guardian_name": "Ahmad Haddad",
        "relationship": "father",
        "language": "ar",
        "phone": "+19165550118",
        "school": "HPE",
        "children": [
            {"first_name": "Yousef", "last_name": "Haddad", "grade": "3"},
            {"first_name": "Lina", "last_name": "Haddad", "grade": "1"},
        ],
    },
    {
        "guardian_name": "Harpreet Kaur",
        "relationship": "mother",
        "language": "pa",
        "phone": "+19165550119",
        "school": "MLK",
        "children": [
            {"first_name": "Arjun", "last_name": "Singh", "grade": "4"},
        ],
    },
    # An Afghan family speaking Dari, which ShowUp serves with the Persian ("fa") texts.
    {
        "guardian_name": "Zahra Rahimi",
        "relationship": "mother",
        "language": "fa",
        "phone": "+19165550120",
        "school": "JDS",
        "children": [
            {"first_name": "Mohammad", "last_name": "Rahimi", "grade": "2"},
        ],
    },
    {
        "guardian_name": "Naveed Safi",
        "relationship": "father",
        "language": "ps",
        "phone": "+19165550121",
        "school": "HWH",
        "children": [
            {"first_name": "Bilal", "last_name": "Safi", "grade": "5"},
            {"first_name": "Mariam", "last_name": "Safi", "grade": "2"},
        ],
    },
    {
        "guardian_name": "Maricel Santos",
        "relationship": "mother",
        "language": "tl",
        "phone": "+19165550122",
        "school": "CWE",
        "children": [
            {"first_name": "Joshua", "last_name": "Santos", "grade": "6"},
        ],
    },
    {
        "guardian_name": "Darnell Brooks",
        "relationship": "father",
        "language": "en",
        "phone": "+19165550123",
        "school": "MLK",
        "children": [
            {"first_name": "Aaliyah", "last_name": "Brooks", "grade": "K"},
        ],
    },
    {
        "guardian_name": "Jessica Miller",
        "relationship": "foster mother",
        "language": "en",
        "phone": "+19165550124",
        "school": "JCE",
        "children": [
            {"first_name": "Tyler", "last_name": "Reed", "grade": "3"},
        ],
    },
    {
        "guardian_name": "Esperanza Cruz",
        "relationship": "grandmother",
        "language": "es",
        "phone": "+19165550125",
        "school": "SBA",
        "children": [
            {"first_name": "Jazmin", "last_name": "Cruz", "grade": "2"},
        ],
    },
]
