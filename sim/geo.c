#include "sim/geo.h"

#include <errno.h>
#include <glib.h>
#include <math.h>
#include <string.h>

#include "sim/util.h"

struct geo_country {
	const char *code;
	const char *continent;
	double lat, lon; /* the capital (see docs/design/geography.md) */
};

/*
 * Route 53's country -> continent table (route53.md section 2.6, from the Route 53 Developer
 * Guide, resource-record-sets-values-geo), sorted by code, with each country's representative
 * point: its capital city (seat of government where that differs; the main settlement for
 * territories without one), in degrees rounded to 0.01, from public gazetteers (Wikipedia /
 * GeoNames). Checked against the IANA tz database's zone.tab cities of the same country.
 */
static const struct geo_country countries[] = {
	{ "AD", "EU", 42.51, 1.52 },	 /* Andorra la Vella */
	{ "AE", "AS", 24.45, 54.38 },	 /* Abu Dhabi */
	{ "AF", "AS", 34.53, 69.17 },	 /* Kabul */
	{ "AG", "NA", 17.12, -61.85 },	 /* St. John's */
	{ "AI", "NA", 18.22, -63.06 },	 /* The Valley */
	{ "AL", "EU", 41.33, 19.82 },	 /* Tirana */
	{ "AM", "AS", 40.18, 44.51 },	 /* Yerevan */
	{ "AO", "AF", -8.84, 13.23 },	 /* Luanda */
	{ "AQ", "AN", -77.85, 166.67 },	 /* McMurdo Station (no capital; largest station) */
	{ "AR", "SA", -34.60, -58.38 },	 /* Buenos Aires */
	{ "AS", "OC", -14.28, -170.70 }, /* Pago Pago */
	{ "AT", "EU", 48.21, 16.37 },	 /* Vienna */
	{ "AU", "OC", -35.28, 149.13 },	 /* Canberra */
	{ "AW", "NA", 12.52, -70.03 },	 /* Oranjestad */
	{ "AX", "EU", 60.10, 19.94 },	 /* Mariehamn */
	{ "AZ", "AS", 40.41, 49.87 },	 /* Baku */
	{ "BA", "EU", 43.86, 18.41 },	 /* Sarajevo */
	{ "BB", "NA", 13.10, -59.62 },	 /* Bridgetown */
	{ "BD", "AS", 23.81, 90.41 },	 /* Dhaka */
	{ "BE", "EU", 50.85, 4.35 },	 /* Brussels */
	{ "BF", "AF", 12.37, -1.52 },	 /* Ouagadougou */
	{ "BG", "EU", 42.70, 23.32 },	 /* Sofia */
	{ "BH", "AS", 26.23, 50.59 },	 /* Manama */
	{ "BI", "AF", -3.43, 29.93 },	 /* Gitega */
	{ "BJ", "AF", 6.50, 2.60 },	 /* Porto-Novo */
	{ "BL", "NA", 17.90, -62.85 },	 /* Gustavia */
	{ "BM", "NA", 32.29, -64.78 },	 /* Hamilton */
	{ "BN", "AS", 4.90, 114.94 },	 /* Bandar Seri Begawan */
	{ "BO", "SA", -16.50, -68.15 },	 /* La Paz (seat of government) */
	{ "BQ", "NA", 12.15, -68.27 },	 /* Kralendijk */
	{ "BR", "SA", -15.79, -47.88 },	 /* Brasilia */
	{ "BS", "NA", 25.05, -77.35 },	 /* Nassau */
	{ "BT", "AS", 27.47, 89.64 },	 /* Thimphu */
	{ "BW", "AF", -24.65, 25.91 },	 /* Gaborone */
	{ "BY", "EU", 53.90, 27.57 },	 /* Minsk */
	{ "BZ", "NA", 17.25, -88.76 },	 /* Belmopan */
	{ "CA", "NA", 45.42, -75.70 },	 /* Ottawa */
	{ "CC", "AS", -12.19, 96.83 },	 /* West Island */
	{ "CD", "AF", -4.44, 15.27 },	 /* Kinshasa */
	{ "CF", "AF", 4.39, 18.56 },	 /* Bangui */
	{ "CG", "AF", -4.27, 15.28 },	 /* Brazzaville */
	{ "CH", "EU", 46.95, 7.45 },	 /* Bern */
	{ "CI", "AF", 6.83, -5.29 },	 /* Yamoussoukro */
	{ "CK", "OC", -21.21, -159.78 }, /* Avarua */
	{ "CL", "SA", -33.45, -70.67 },	 /* Santiago */
	{ "CM", "AF", 3.87, 11.52 },	 /* Yaounde */
	{ "CN", "AS", 39.90, 116.41 },	 /* Beijing */
	{ "CO", "SA", 4.71, -74.07 },	 /* Bogota */
	{ "CR", "NA", 9.93, -84.08 },	 /* San Jose */
	{ "CU", "NA", 23.11, -82.37 },	 /* Havana */
	{ "CV", "AF", 14.93, -23.51 },	 /* Praia */
	{ "CW", "NA", 12.11, -68.93 },	 /* Willemstad */
	{ "CY", "EU", 35.17, 33.36 },	 /* Nicosia */
	{ "CZ", "EU", 50.08, 14.44 },	 /* Prague */
	{ "DE", "EU", 52.52, 13.40 },	 /* Berlin */
	{ "DJ", "AF", 11.59, 43.15 },	 /* Djibouti */
	{ "DK", "EU", 55.68, 12.57 },	 /* Copenhagen */
	{ "DM", "NA", 15.30, -61.39 },	 /* Roseau */
	{ "DO", "NA", 18.49, -69.93 },	 /* Santo Domingo */
	{ "DZ", "AF", 36.75, 3.06 },	 /* Algiers */
	{ "EC", "SA", -0.18, -78.47 },	 /* Quito */
	{ "EE", "EU", 59.44, 24.75 },	 /* Tallinn */
	{ "EG", "AF", 30.04, 31.24 },	 /* Cairo */
	{ "ER", "AF", 15.32, 38.93 },	 /* Asmara */
	{ "ES", "EU", 40.42, -3.70 },	 /* Madrid */
	{ "ET", "AF", 9.03, 38.74 },	 /* Addis Ababa */
	{ "FI", "EU", 60.17, 24.94 },	 /* Helsinki */
	{ "FJ", "OC", -18.14, 178.44 },	 /* Suva */
	{ "FK", "SA", -51.70, -57.85 },	 /* Stanley */
	{ "FM", "OC", 6.92, 158.16 },	 /* Palikir */
	{ "FO", "EU", 62.01, -6.77 },	 /* Torshavn */
	{ "FR", "EU", 48.86, 2.35 },	 /* Paris */
	{ "GA", "AF", 0.42, 9.47 },	 /* Libreville */
	{ "GB", "EU", 51.51, -0.13 },	 /* London */
	{ "GD", "NA", 12.06, -61.75 },	 /* St. George's */
	{ "GE", "AS", 41.72, 44.79 },	 /* Tbilisi */
	{ "GF", "SA", 4.94, -52.33 },	 /* Cayenne */
	{ "GG", "EU", 49.46, -2.54 },	 /* St Peter Port */
	{ "GH", "AF", 5.60, -0.19 },	 /* Accra */
	{ "GI", "EU", 36.14, -5.35 },	 /* Gibraltar */
	{ "GL", "NA", 64.18, -51.72 },	 /* Nuuk */
	{ "GM", "AF", 13.45, -16.58 },	 /* Banjul */
	{ "GN", "AF", 9.64, -13.58 },	 /* Conakry */
	{ "GP", "NA", 16.00, -61.73 },	 /* Basse-Terre */
	{ "GQ", "AF", 3.75, 8.78 },	 /* Malabo */
	{ "GR", "EU", 37.98, 23.73 },	 /* Athens */
	{ "GS", "AN", -54.28, -36.51 },	 /* King Edward Point */
	{ "GT", "NA", 14.63, -90.51 },	 /* Guatemala City */
	{ "GU", "OC", 13.47, 144.75 },	 /* Hagatna */
	{ "GW", "AF", 11.86, -15.60 },	 /* Bissau */
	{ "GY", "SA", 6.80, -58.16 },	 /* Georgetown */
	{ "HK", "AS", 22.32, 114.17 },	 /* Hong Kong */
	{ "HN", "NA", 14.07, -87.19 },	 /* Tegucigalpa */
	{ "HR", "EU", 45.81, 15.98 },	 /* Zagreb */
	{ "HT", "NA", 18.54, -72.34 },	 /* Port-au-Prince */
	{ "HU", "EU", 47.50, 19.04 },	 /* Budapest */
	{ "ID", "AS", -6.21, 106.85 },	 /* Jakarta */
	{ "IE", "EU", 53.35, -6.26 },	 /* Dublin */
	{ "IL", "AS", 31.77, 35.21 },	 /* Jerusalem (seat of government) */
	{ "IM", "EU", 54.15, -4.48 },	 /* Douglas */
	{ "IN", "AS", 28.61, 77.21 },	 /* New Delhi */
	{ "IO", "AS", -7.32, 72.42 },	 /* Diego Garcia */
	{ "IQ", "AS", 33.31, 44.36 },	 /* Baghdad */
	{ "IR", "AS", 35.69, 51.39 },	 /* Tehran */
	{ "IS", "EU", 64.15, -21.94 },	 /* Reykjavik */
	{ "IT", "EU", 41.90, 12.50 },	 /* Rome */
	{ "JE", "EU", 49.19, -2.11 },	 /* St Helier */
	{ "JM", "NA", 18.02, -76.80 },	 /* Kingston */
	{ "JO", "AS", 31.95, 35.93 },	 /* Amman */
	{ "JP", "AS", 35.68, 139.69 },	 /* Tokyo */
	{ "KE", "AF", -1.29, 36.82 },	 /* Nairobi */
	{ "KG", "AS", 42.87, 74.59 },	 /* Bishkek */
	{ "KH", "AS", 11.56, 104.93 },	 /* Phnom Penh */
	{ "KI", "OC", 1.33, 172.98 },	 /* South Tarawa */
	{ "KM", "AF", -11.70, 43.26 },	 /* Moroni */
	{ "KN", "NA", 17.30, -62.72 },	 /* Basseterre */
	{ "KP", "AS", 39.04, 125.76 },	 /* Pyongyang */
	{ "KR", "AS", 37.57, 126.98 },	 /* Seoul */
	{ "KW", "AS", 29.38, 47.99 },	 /* Kuwait City */
	{ "KY", "NA", 19.29, -81.37 },	 /* George Town */
	{ "KZ", "AS", 51.17, 71.45 },	 /* Astana */
	{ "LA", "AS", 17.98, 102.63 },	 /* Vientiane */
	{ "LB", "AS", 33.89, 35.50 },	 /* Beirut */
	{ "LC", "NA", 14.01, -60.99 },	 /* Castries */
	{ "LI", "EU", 47.14, 9.52 },	 /* Vaduz */
	{ "LK", "AS", 6.89, 79.90 },	 /* Sri Jayawardenepura Kotte */
	{ "LR", "AF", 6.30, -10.80 },	 /* Monrovia */
	{ "LS", "AF", -29.31, 27.48 },	 /* Maseru */
	{ "LT", "EU", 54.69, 25.28 },	 /* Vilnius */
	{ "LU", "EU", 49.61, 6.13 },	 /* Luxembourg */
	{ "LV", "EU", 56.95, 24.11 },	 /* Riga */
	{ "LY", "AF", 32.89, 13.19 },	 /* Tripoli */
	{ "MA", "AF", 34.02, -6.84 },	 /* Rabat */
	{ "MC", "EU", 43.74, 7.42 },	 /* Monaco */
	{ "MD", "EU", 47.01, 28.86 },	 /* Chisinau */
	{ "ME", "EU", 42.44, 19.26 },	 /* Podgorica */
	{ "MF", "NA", 18.07, -63.08 },	 /* Marigot */
	{ "MG", "AF", -18.88, 47.51 },	 /* Antananarivo */
	{ "MH", "OC", 7.09, 171.38 },	 /* Majuro */
	{ "MK", "EU", 42.00, 21.43 },	 /* Skopje */
	{ "ML", "AF", 12.64, -8.00 },	 /* Bamako */
	{ "MM", "AS", 19.76, 96.08 },	 /* Naypyidaw */
	{ "MN", "AS", 47.89, 106.91 },	 /* Ulaanbaatar */
	{ "MO", "AS", 22.20, 113.54 },	 /* Macau */
	{ "MP", "OC", 15.18, 145.75 },	 /* Saipan */
	{ "MQ", "NA", 14.62, -61.06 },	 /* Fort-de-France */
	{ "MR", "AF", 18.08, -15.98 },	 /* Nouakchott */
	{ "MS", "NA", 16.79, -62.21 },	 /* Brades (de facto seat) */
	{ "MT", "EU", 35.90, 14.51 },	 /* Valletta */
	{ "MU", "AF", -20.16, 57.50 },	 /* Port Louis */
	{ "MV", "AS", 4.18, 73.51 },	 /* Male */
	{ "MW", "AF", -13.96, 33.79 },	 /* Lilongwe */
	{ "MX", "NA", 19.43, -99.13 },	 /* Mexico City */
	{ "MY", "AS", 3.14, 101.69 },	 /* Kuala Lumpur */
	{ "MZ", "AF", -25.97, 32.57 },	 /* Maputo */
	{ "NA", "AF", -22.56, 17.08 },	 /* Windhoek */
	{ "NC", "OC", -22.28, 166.46 },	 /* Noumea */
	{ "NE", "AF", 13.51, 2.11 },	 /* Niamey */
	{ "NF", "OC", -29.06, 167.96 },	 /* Kingston */
	{ "NG", "AF", 9.08, 7.40 },	 /* Abuja */
	{ "NI", "NA", 12.11, -86.24 },	 /* Managua */
	{ "NL", "EU", 52.37, 4.90 },	 /* Amsterdam */
	{ "NO", "EU", 59.91, 10.75 },	 /* Oslo */
	{ "NP", "AS", 27.72, 85.32 },	 /* Kathmandu */
	{ "NR", "OC", -0.55, 166.92 },	 /* Yaren */
	{ "NU", "OC", -19.06, -169.92 }, /* Alofi */
	{ "NZ", "OC", -41.29, 174.78 },	 /* Wellington */
	{ "OM", "AS", 23.59, 58.41 },	 /* Muscat */
	{ "PA", "NA", 8.98, -79.52 },	 /* Panama City */
	{ "PE", "SA", -12.05, -77.04 },	 /* Lima */
	{ "PF", "OC", -17.53, -149.57 }, /* Papeete */
	{ "PG", "OC", -9.44, 147.18 },	 /* Port Moresby */
	{ "PH", "AS", 14.60, 120.98 },	 /* Manila */
	{ "PK", "AS", 33.69, 73.05 },	 /* Islamabad */
	{ "PL", "EU", 52.23, 21.01 },	 /* Warsaw */
	{ "PM", "NA", 46.78, -56.18 },	 /* Saint-Pierre */
	{ "PN", "OC", -25.07, -130.10 }, /* Adamstown */
	{ "PR", "NA", 18.47, -66.11 },	 /* San Juan */
	{ "PS", "AS", 31.90, 35.20 },	 /* Ramallah (administrative centre) */
	{ "PT", "EU", 38.72, -9.14 },	 /* Lisbon */
	{ "PW", "OC", 7.50, 134.62 },	 /* Ngerulmud */
	{ "PY", "SA", -25.26, -57.58 },	 /* Asuncion */
	{ "QA", "AS", 25.29, 51.53 },	 /* Doha */
	{ "RE", "AF", -20.88, 55.45 },	 /* Saint-Denis */
	{ "RO", "EU", 44.43, 26.10 },	 /* Bucharest */
	{ "RS", "EU", 44.79, 20.45 },	 /* Belgrade */
	{ "RU", "EU", 55.76, 37.62 },	 /* Moscow */
	{ "RW", "AF", -1.94, 30.06 },	 /* Kigali */
	{ "SA", "AS", 24.71, 46.68 },	 /* Riyadh */
	{ "SB", "OC", -9.43, 159.95 },	 /* Honiara */
	{ "SC", "AF", -4.62, 55.45 },	 /* Victoria */
	{ "SD", "AF", 15.50, 32.56 },	 /* Khartoum */
	{ "SE", "EU", 59.33, 18.07 },	 /* Stockholm */
	{ "SG", "AS", 1.35, 103.82 },	 /* Singapore */
	{ "SH", "AF", -15.92, -5.72 },	 /* Jamestown */
	{ "SI", "EU", 46.06, 14.51 },	 /* Ljubljana */
	{ "SJ", "EU", 78.22, 15.65 },	 /* Longyearbyen */
	{ "SK", "EU", 48.15, 17.11 },	 /* Bratislava */
	{ "SL", "AF", 8.48, -13.23 },	 /* Freetown */
	{ "SM", "EU", 43.94, 12.45 },	 /* San Marino */
	{ "SN", "AF", 14.72, -17.47 },	 /* Dakar */
	{ "SO", "AF", 2.05, 45.32 },	 /* Mogadishu */
	{ "SR", "SA", 5.85, -55.20 },	 /* Paramaribo */
	{ "SS", "AF", 4.85, 31.58 },	 /* Juba */
	{ "ST", "AF", 0.34, 6.73 },	 /* Sao Tome */
	{ "SV", "NA", 13.69, -89.22 },	 /* San Salvador */
	{ "SX", "NA", 18.03, -63.05 },	 /* Philipsburg */
	{ "SY", "AS", 33.51, 36.29 },	 /* Damascus */
	{ "SZ", "AF", -26.31, 31.14 },	 /* Mbabane */
	{ "TC", "NA", 21.46, -71.14 },	 /* Cockburn Town */
	{ "TD", "AF", 12.13, 15.06 },	 /* N'Djamena */
	{ "TF", "AN", -49.35, 70.22 },	 /* Port-aux-Francais */
	{ "TG", "AF", 6.13, 1.22 },	 /* Lome */
	{ "TH", "AS", 13.76, 100.50 },	 /* Bangkok */
	{ "TJ", "AS", 38.56, 68.77 },	 /* Dushanbe */
	{ "TK", "OC", -9.38, -171.22 },	 /* Fakaofo (no capital; an administrative atoll) */
	{ "TL", "OC", -8.56, 125.57 },	 /* Dili */
	{ "TM", "AS", 37.96, 58.33 },	 /* Ashgabat */
	{ "TN", "AF", 36.81, 10.18 },	 /* Tunis */
	{ "TO", "OC", -21.14, -175.20 }, /* Nuku'alofa */
	{ "TR", "EU", 39.93, 32.86 },	 /* Ankara */
	{ "TT", "NA", 10.66, -61.51 },	 /* Port of Spain */
	{ "TV", "OC", -8.52, 179.20 },	 /* Funafuti */
	{ "TW", "AS", 25.03, 121.57 },	 /* Taipei */
	{ "TZ", "AF", -6.16, 35.75 },	 /* Dodoma */
	{ "UA", "EU", 50.45, 30.52 },	 /* Kyiv */
	{ "UG", "AF", 0.35, 32.58 },	 /* Kampala */
	{ "UM", "OC", 19.28, 166.65 },	 /* Wake Island (no capital) */
	{ "US", "NA", 38.90, -77.04 },	 /* Washington, DC */
	{ "UY", "SA", -34.90, -56.16 },	 /* Montevideo */
	{ "UZ", "AS", 41.30, 69.24 },	 /* Tashkent */
	{ "VA", "EU", 41.90, 12.45 },	 /* Vatican City */
	{ "VC", "NA", 13.16, -61.22 },	 /* Kingstown */
	{ "VE", "SA", 10.48, -66.90 },	 /* Caracas */
	{ "VG", "NA", 18.43, -64.62 },	 /* Road Town */
	{ "VI", "NA", 18.34, -64.93 },	 /* Charlotte Amalie */
	{ "VN", "AS", 21.03, 105.85 },	 /* Hanoi */
	{ "VU", "OC", -17.73, 168.32 },	 /* Port Vila */
	{ "WF", "OC", -13.28, -176.17 }, /* Mata-Utu */
	{ "WS", "OC", -13.83, -171.76 }, /* Apia */
	{ "XK", "EU", 42.66, 21.17 },	 /* Pristina */
	{ "YE", "AS", 15.37, 44.19 },	 /* Sana'a */
	{ "YT", "AF", -12.78, 45.23 },	 /* Mamoudzou */
	{ "ZA", "AF", -25.75, 28.19 },	 /* Pretoria */
	{ "ZM", "AF", -15.39, 28.32 },	 /* Lusaka */
	{ "ZW", "AF", -17.83, 31.05 },	 /* Harare */
};

static const char *const country_codes[] = {
	"AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX",
	"AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ",
	"BR", "BS", "BT", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL",
	"CM", "CN", "CO", "CR", "CU", "CV", "CW", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ",
	"EC", "EE", "EG", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD",
	"GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW",
	"GY", "HK", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS",
	"IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY",
	"KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD",
	"ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU",
	"MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR",
	"NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT",
	"PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SH",
	"SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ", "TC",
	"TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ",
	"UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI", "VN", "VU", "WF", "WS",
	"XK", "YE", "YT", "ZA", "ZM", "ZW", NULL,
};

static const char *const continents[] = { "AF", "AN", "AS", "EU", "NA", "OC", "SA", NULL };

struct geo_point {
	const char *code;
	double lat, lon;
};

/*
 * A conventional centre of each continent (there is no agreed one; these are the points the
 * continents' own "geographic centre" monuments claim, or the pole for Antarctica).
 */
static const struct geo_point continent_points[] = {
	{ "AF", 2.07, 17.05 },	  /* Central African Republic / Congo border area */
	{ "AN", -90.0, 0.0 },	  /* South Pole */
	{ "AS", 43.68, 87.33 },	  /* near Urumqi */
	{ "EU", 54.90, 25.32 },	  /* near Vilnius (IGN, 1989) */
	{ "NA", 48.17, -100.17 }, /* Rugby, North Dakota */
	{ "OC", -25.61, 134.35 }, /* Lambert centre of Australia */
	{ "SA", -15.60, -56.10 }, /* Cuiaba */
};

/* The 50 states and DC, as Route 53 subdivision codes under country US. */
static const char *const us_states[] = {
	"AK", "AL", "AR", "AZ", "CA", "CO", "CT", "DC", "DE", "FL", "GA", "HI", "IA",
	"ID", "IL", "IN", "KS", "KY", "LA", "MA", "MD", "ME", "MI", "MN", "MO", "MS",
	"MT", "NC", "ND", "NE", "NH", "NJ", "NM", "NV", "NY", "OH", "OK", "OR", "PA",
	"RI", "SC", "SD", "TN", "TX", "UT", "VA", "VT", "WA", "WI", "WV", "WY", NULL,
};

/* Each state's capital (public gazetteers), degrees rounded to 0.01. Same order as us_states. */
static const struct geo_point us_state_points[] = {
	{ "AK", 58.30, -134.42 }, /* Juneau */
	{ "AL", 32.38, -86.30 },  /* Montgomery */
	{ "AR", 34.75, -92.29 },  /* Little Rock */
	{ "AZ", 33.45, -112.07 }, /* Phoenix */
	{ "CA", 38.58, -121.49 }, /* Sacramento */
	{ "CO", 39.74, -104.99 }, /* Denver */
	{ "CT", 41.76, -72.68 },  /* Hartford */
	{ "DC", 38.90, -77.04 },  /* Washington */
	{ "DE", 39.16, -75.52 },  /* Dover */
	{ "FL", 30.44, -84.28 },  /* Tallahassee */
	{ "GA", 33.75, -84.39 },  /* Atlanta */
	{ "HI", 21.31, -157.86 }, /* Honolulu */
	{ "IA", 41.59, -93.62 },  /* Des Moines */
	{ "ID", 43.62, -116.20 }, /* Boise */
	{ "IL", 39.80, -89.65 },  /* Springfield */
	{ "IN", 39.77, -86.16 },  /* Indianapolis */
	{ "KS", 39.05, -95.68 },  /* Topeka */
	{ "KY", 38.20, -84.87 },  /* Frankfort */
	{ "LA", 30.45, -91.19 },  /* Baton Rouge */
	{ "MA", 42.36, -71.06 },  /* Boston */
	{ "MD", 38.98, -76.49 },  /* Annapolis */
	{ "ME", 44.31, -69.78 },  /* Augusta */
	{ "MI", 42.73, -84.56 },  /* Lansing */
	{ "MN", 44.95, -93.09 },  /* Saint Paul */
	{ "MO", 38.58, -92.17 },  /* Jefferson City */
	{ "MS", 32.30, -90.18 },  /* Jackson */
	{ "MT", 46.59, -112.04 }, /* Helena */
	{ "NC", 35.78, -78.64 },  /* Raleigh */
	{ "ND", 46.81, -100.78 }, /* Bismarck */
	{ "NE", 40.81, -96.68 },  /* Lincoln */
	{ "NH", 43.21, -71.54 },  /* Concord */
	{ "NJ", 40.22, -74.76 },  /* Trenton */
	{ "NM", 35.69, -105.94 }, /* Santa Fe */
	{ "NV", 39.16, -119.77 }, /* Carson City */
	{ "NY", 42.65, -73.76 },  /* Albany */
	{ "OH", 39.96, -83.00 },  /* Columbus */
	{ "OK", 35.47, -97.52 },  /* Oklahoma City */
	{ "OR", 44.94, -123.04 }, /* Salem */
	{ "PA", 40.27, -76.88 },  /* Harrisburg */
	{ "RI", 41.82, -71.41 },  /* Providence */
	{ "SC", 34.00, -81.03 },  /* Columbia */
	{ "SD", 44.37, -100.35 }, /* Pierre */
	{ "TN", 36.16, -86.78 },  /* Nashville */
	{ "TX", 30.27, -97.74 },  /* Austin */
	{ "UT", 40.76, -111.89 }, /* Salt Lake City */
	{ "VA", 37.54, -77.44 },  /* Richmond */
	{ "VT", 44.26, -72.58 },  /* Montpelier */
	{ "WA", 47.04, -122.90 }, /* Olympia */
	{ "WI", 43.07, -89.40 },  /* Madison */
	{ "WV", 38.35, -81.63 },  /* Charleston */
	{ "WY", 41.14, -104.82 }, /* Cheyenne */
};

/* Route 53's Region enum for latency records (route53.md section 11.1). */
static const char *const aws_regions[] = {
	"us-east-1",	  "us-east-2",	    "us-west-1",      "us-west-2",	"ca-central-1",
	"ca-west-1",	  "eu-west-1",	    "eu-west-2",      "eu-west-3",	"eu-central-1",
	"eu-central-2",	  "eu-north-1",	    "eu-south-1",     "eu-south-2",	"ap-southeast-1",
	"ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6",
	"ap-southeast-7", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",
	"ap-south-2",	  "ap-east-1",	    "ap-east-2",      "sa-east-1",	"me-south-1",
	"me-central-1",	  "il-central-1",   "af-south-1",     "mx-central-1",	"cn-north-1",
	"cn-northwest-1", "us-gov-east-1",  "us-gov-west-1",  "eusc-de-east-1", NULL,
};

struct geo_region {
	const char *name;
	double lat, lon;
	const char *country;
	const char *subdivision; /* US state, or "" */
	bool standard;		 /* in the standard "aws" partition */
};

/*
 * Where each Region is: the metro area AWS names for it (AWS's Regions and Availability Zones
 * page), at that city's coordinates from public gazetteers, degrees rounded to 0.01. AWS does
 * not publish data-centre coordinates; Route 53 does not publish the points it uses for
 * geoproximity either (route53.md section 2.7). Same order as aws_regions.
 */
static const struct geo_region regions[] = {
	{ "us-east-1", 39.04, -77.49, "US", "VA", true },	/* N. Virginia: Ashburn */
	{ "us-east-2", 39.96, -83.00, "US", "OH", true },	/* Ohio: Columbus */
	{ "us-west-1", 37.34, -121.89, "US", "CA", true },	/* N. California: San Jose */
	{ "us-west-2", 45.84, -119.70, "US", "OR", true },	/* Oregon: Boardman */
	{ "ca-central-1", 45.50, -73.57, "CA", "", true },	/* Canada: Montreal */
	{ "ca-west-1", 51.05, -114.07, "CA", "", true },	/* Calgary */
	{ "eu-west-1", 53.35, -6.26, "IE", "", true },		/* Ireland: Dublin */
	{ "eu-west-2", 51.51, -0.13, "GB", "", true },		/* London */
	{ "eu-west-3", 48.86, 2.35, "FR", "", true },		/* Paris */
	{ "eu-central-1", 50.11, 8.68, "DE", "", true },	/* Frankfurt */
	{ "eu-central-2", 47.37, 8.54, "CH", "", true },	/* Zurich */
	{ "eu-north-1", 59.33, 18.07, "SE", "", true },		/* Stockholm */
	{ "eu-south-1", 45.46, 9.19, "IT", "", true },		/* Milan */
	{ "eu-south-2", 41.65, -0.88, "ES", "", true },		/* Spain: Aragon, Zaragoza */
	{ "ap-southeast-1", 1.35, 103.82, "SG", "", true },	/* Singapore */
	{ "ap-southeast-2", -33.87, 151.21, "AU", "", true },	/* Sydney */
	{ "ap-southeast-3", -6.21, 106.85, "ID", "", true },	/* Jakarta */
	{ "ap-southeast-4", -37.81, 144.96, "AU", "", true },	/* Melbourne */
	{ "ap-southeast-5", 3.14, 101.69, "MY", "", true },	/* Malaysia: Kuala Lumpur */
	{ "ap-southeast-6", -36.85, 174.76, "NZ", "", true },	/* New Zealand: Auckland */
	{ "ap-southeast-7", 13.76, 100.50, "TH", "", true },	/* Thailand: Bangkok */
	{ "ap-northeast-1", 35.68, 139.69, "JP", "", true },	/* Tokyo */
	{ "ap-northeast-2", 37.57, 126.98, "KR", "", true },	/* Seoul */
	{ "ap-northeast-3", 34.69, 135.50, "JP", "", true },	/* Osaka */
	{ "ap-south-1", 19.08, 72.88, "IN", "", true },		/* Mumbai */
	{ "ap-south-2", 17.39, 78.49, "IN", "", true },		/* Hyderabad */
	{ "ap-east-1", 22.32, 114.17, "HK", "", true },		/* Hong Kong */
	{ "ap-east-2", 25.03, 121.57, "TW", "", true },		/* Taipei */
	{ "sa-east-1", -23.55, -46.63, "BR", "", true },	/* Sao Paulo */
	{ "me-south-1", 26.23, 50.59, "BH", "", true },		/* Bahrain: Manama */
	{ "me-central-1", 25.20, 55.27, "AE", "", true },	/* UAE: Dubai */
	{ "il-central-1", 32.09, 34.78, "IL", "", true },	/* Tel Aviv */
	{ "af-south-1", -33.92, 18.42, "ZA", "", true },	/* Cape Town */
	{ "mx-central-1", 20.59, -100.39, "MX", "", true },	/* Mexico: Queretaro */
	{ "cn-north-1", 39.90, 116.41, "CN", "", false },	/* Beijing */
	{ "cn-northwest-1", 37.50, 105.19, "CN", "", false },	/* Ningxia: Zhongwei */
	{ "us-gov-east-1", 39.96, -83.00, "US", "OH", false },	/* GovCloud US-East: Ohio */
	{ "us-gov-west-1", 45.52, -122.68, "US", "OR", false }, /* GovCloud US-West: Oregon */
	{ "eusc-de-east-1", 52.39, 13.06, "DE", "", false },	/* Brandenburg: Potsdam */
};

static bool in_list(const char *const *list, const char *s)
{
	for (size_t i = 0; list[i] != NULL; i++) {
		if (strcmp(list[i], s) == 0) {
			return true;
		}
	}
	return false;
}

static const struct geo_country *country_find(const char *code)
{
	size_t lo = 0;
	size_t hi = G_N_ELEMENTS(countries);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(countries[mid].code, code);
		if (c == 0) {
			return &countries[mid];
		}
		if (c < 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return NULL;
}

static const struct geo_point *point_find(const struct geo_point *points, size_t n,
					  const char *code)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(points[i].code, code) == 0) {
			return &points[i];
		}
	}
	return NULL;
}

static const struct geo_region *region_find(const char *name)
{
	for (size_t i = 0; i < G_N_ELEMENTS(regions); i++) {
		if (strcmp(regions[i].name, name) == 0) {
			return &regions[i];
		}
	}
	return NULL;
}

bool geo_is_continent(const char *code)
{
	return in_list(continents, code);
}

const char *geo_country_continent(const char *code)
{
	const struct geo_country *c = country_find(code);
	return c != NULL ? c->continent : NULL;
}

bool geo_is_us_state(const char *code)
{
	return in_list(us_states, code);
}

bool geo_is_aws_region(const char *name)
{
	return in_list(aws_regions, name);
}

const char *const *geo_aws_regions(void)
{
	return aws_regions;
}

const char *const *geo_continents(void)
{
	return continents;
}

const char *const *geo_us_states(void)
{
	return us_states;
}

const char *const *geo_countries(void)
{
	return country_codes;
}

double geo_haversine_km(double lat1, double lon1, double lat2, double lon2)
{
	const double rad = M_PI / 180.0;
	double dlat = (lat2 - lat1) * rad;
	double dlon = (lon2 - lon1) * rad;
	double s1 = sin(dlat / 2);
	double s2 = sin(dlon / 2);
	double h = s1 * s1 + cos(lat1 * rad) * cos(lat2 * rad) * s2 * s2;
	/* rounding can push h a hair above 1 for antipodes */
	return 2.0 * GEO_EARTH_RADIUS_KM * asin(sqrt(fmin(1.0, h)));
}

double geo_distance_km(const struct geo_place *a, const struct geo_place *b)
{
	SIM_ASSERT(a->kind != GEO_PLACE_ANYCAST && b->kind != GEO_PLACE_ANYCAST);
	return geo_haversine_km(a->lat, a->lon, b->lat, b->lon);
}

/* Keep r as the best so far if it is nearer, or as near with a name that sorts first. */
static void nearest_consider(const struct geo_place *place, const struct geo_region *r,
			     const struct geo_region **best, double *best_km)
{
	double km = geo_haversine_km(place->lat, place->lon, r->lat, r->lon);
	if (*best == NULL || km < *best_km ||
	    (km == *best_km && strcmp(r->name, (*best)->name) < 0)) {
		*best = r;
		*best_km = km;
	}
}

const char *geo_nearest_region(const struct geo_place *place, const char *const *candidates,
			       size_t n)
{
	SIM_ASSERT(place->kind != GEO_PLACE_ANYCAST);
	const struct geo_region *best = NULL;
	double best_km = 0;
	if (candidates == NULL) {
		for (size_t i = 0; i < G_N_ELEMENTS(regions); i++) {
			if (regions[i].standard) {
				nearest_consider(place, &regions[i], &best, &best_km);
			}
		}
	} else {
		for (size_t i = 0; i < n; i++) {
			const struct geo_region *r = region_find(candidates[i]);
			if (r != NULL) {
				nearest_consider(place, r, &best, &best_km);
			}
		}
	}
	return best != NULL ? best->name : NULL;
}

/* Fill the fields every kind shares; name is copied (it always fits: callers check). */
static void place_set(struct geo_place *out, enum geo_place_kind kind, double lat, double lon,
		      const char *country, const char *subdivision, const char *name)
{
	memset(out, 0, sizeof(*out));
	out->kind = kind;
	out->lat = lat;
	out->lon = lon;
	g_strlcpy(out->country, country, sizeof(out->country));
	g_strlcpy(out->subdivision, subdivision, sizeof(out->subdivision));
	const char *continent = geo_country_continent(country);
	g_strlcpy(out->continent, continent != NULL ? continent : "", sizeof(out->continent));
	g_strlcpy(out->name, name, sizeof(out->name));
}

/* A number in the scenario language's sense: the whole text, finite (as scenario_parse_real). */
static bool parse_number(const char *text, double *out)
{
	char *end = NULL;
	errno = 0;
	double v = g_ascii_strtod(text, &end);
	if (end == text || *end != '\0' || errno != 0 || !isfinite(v)) {
		return false;
	}
	*out = v;
	return true;
}

/* v rounded to 4 decimals, printed without trailing zeros, and never as "-0". */
static void format_degrees(char *buf, size_t len, double v)
{
	if (v == 0) {
		v = 0; /* turns -0 into 0 */
	}
	g_ascii_formatd(buf, (int)len, "%.4f", v);
	char *dot = strchr(buf, '.');
	if (dot != NULL) {
		char *end = buf + strlen(buf);
		while (end > dot + 1 && end[-1] == '0') {
			*--end = '\0';
		}
		if (end == dot + 1) {
			*dot = '\0';
		}
	}
}

/* "LAT,LON", as scenario_parse_coords() accepts it. */
static bool resolve_coords(const char *text, struct geo_place *out)
{
	const char *comma = strchr(text, ',');
	g_autofree char *lat_text = g_strndup(text, (gsize)(comma - text));
	double lat;
	double lon;
	if (!parse_number(lat_text, &lat) || !parse_number(comma + 1, &lon) || lat < -90 ||
	    lat > 90 || lon < -180 || lon > 180) {
		return false;
	}
	lat = round(lat * 1e4) / 1e4;
	lon = round(lon * 1e4) / 1e4;
	char a[32];
	char b[32];
	format_degrees(a, sizeof(a), lat);
	format_degrees(b, sizeof(b), lon);
	g_autofree char *name = g_strdup_printf("%s,%s", a, b);
	place_set(out, GEO_PLACE_COORDS, lat, lon, "", "", name);
	return true;
}

bool geo_place_resolve(const char *text, struct geo_place *out)
{
	/* Same order of tests as the validator's check_place(), so both accept the same texts. */
	if (strcmp(text, "anycast") == 0) {
		place_set(out, GEO_PLACE_ANYCAST, 0, 0, "", "", "anycast");
		out->region = NULL;
		return true;
	}
	const struct geo_region *r = region_find(text);
	if (r != NULL) {
		place_set(out, GEO_PLACE_REGION, r->lat, r->lon, r->country, r->subdivision,
			  r->name);
		out->region = r->name;
		return true;
	}
	const struct geo_country *c = country_find(text);
	if (c != NULL) {
		place_set(out, GEO_PLACE_COUNTRY, c->lat, c->lon, c->code, "", c->code);
	} else if (strchr(text, ',') != NULL) {
		if (!resolve_coords(text, out)) {
			return false;
		}
	} else {
		const char *dash = strchr(text, '-');
		if (dash == NULL || dash - text != 2 ||
		    strlen(dash + 1) >= sizeof(out->subdivision)) {
			return false;
		}
		char code[3] = { text[0], text[1], '\0' };
		c = country_find(code);
		if (c == NULL) {
			return false;
		}
		double lat = c->lat;
		double lon = c->lon;
		if (strcmp(code, "US") == 0) {
			const struct geo_point *s =
			    point_find(us_state_points, G_N_ELEMENTS(us_state_points), dash + 1);
			if (s == NULL) {
				return false;
			}
			lat = s->lat;
			lon = s->lon;
		}
		place_set(out, GEO_PLACE_SUBDIVISION, lat, lon, code, dash + 1, text);
	}
	out->region = geo_nearest_region(out, NULL, 0);
	return true;
}

bool geo_continent_place(const char *code, struct geo_place *out)
{
	const struct geo_point *p =
	    point_find(continent_points, G_N_ELEMENTS(continent_points), code);
	if (p == NULL) {
		return false;
	}
	place_set(out, GEO_PLACE_CONTINENT, p->lat, p->lon, "", "", p->code);
	g_strlcpy(out->continent, p->code, sizeof(out->continent));
	out->region = geo_nearest_region(out, NULL, 0);
	return true;
}
