//! Amazon's built-in intents and slot types, as the model build knows them: the one place these
//! names enter the code.
//!
//! Sources: "Standard Built-in Intents"
//! (https://developer.amazon.com/docs/custom-skills/standard-built-in-intents.html) and the "Slot
//! Type Reference" (https://developer.amazon.com/docs/custom-skills/slot-type-reference.html). The
//! service adds names over time: a name missing here is a warning, never an error.

/// The standard built-in intents (the built-in library's `AMAZON.<Action><object@…>` intents are
/// told by their angle brackets, not listed).
pub(crate) const INTENTS: &[&str] = &[
    "AMAZON.CancelIntent",
    "AMAZON.FallbackIntent",
    "AMAZON.HelpIntent",
    "AMAZON.LoopOffIntent",
    "AMAZON.LoopOnIntent",
    "AMAZON.MoreIntent",
    "AMAZON.NavigateHomeIntent",
    "AMAZON.NavigateSettingsIntent",
    "AMAZON.NextIntent",
    "AMAZON.NoIntent",
    "AMAZON.PageDownIntent",
    "AMAZON.PageUpIntent",
    "AMAZON.PauseIntent",
    "AMAZON.PreviousIntent",
    "AMAZON.RepeatIntent",
    "AMAZON.ResumeIntent",
    "AMAZON.ScrollDownIntent",
    "AMAZON.ScrollLeftIntent",
    "AMAZON.ScrollRightIntent",
    "AMAZON.ScrollUpIntent",
    "AMAZON.SelectIntent",
    "AMAZON.SendToPhoneIntent",
    "AMAZON.ShuffleOffIntent",
    "AMAZON.ShuffleOnIntent",
    "AMAZON.StartOverIntent",
    "AMAZON.StopIntent",
    "AMAZON.YesIntent",
];

/// Whether `name` is an intent of the built-in library (`AMAZON.SearchAction<object@WeatherForecast>`).
pub(crate) fn is_library_intent(name: &str) -> bool {
    name.starts_with("AMAZON.") && name.contains('<')
}

/// The built-in slot types that cannot be extended with values of one's own: numbers, dates, times
/// and phrases. `AMAZON.LITERAL` is retired (IM007).
pub(crate) const CLOSED_SLOT_TYPES: &[&str] = &[
    "AMAZON.AlphaNumeric",
    "AMAZON.DATE",
    "AMAZON.DURATION",
    "AMAZON.FOUR_DIGIT_NUMBER",
    "AMAZON.NUMBER",
    "AMAZON.Ordinal",
    "AMAZON.PhoneNumber",
    "AMAZON.SearchQuery",
    "AMAZON.TIME",
];

/// The retired free-form slot type.
pub(crate) const LITERAL: &str = "AMAZON.LITERAL";

/// The built-in list slot types (a model may extend them with values of its own).
pub(crate) const LIST_SLOT_TYPES: &[&str] = &[
    "AMAZON.Actor",
    "AMAZON.AdministrativeArea",
    "AMAZON.AggregateRating",
    "AMAZON.Airline",
    "AMAZON.Airport",
    "AMAZON.Anaphor",
    "AMAZON.Animal",
    "AMAZON.Artist",
    "AMAZON.AT_CITY",
    "AMAZON.AT_REGION",
    "AMAZON.Athlete",
    "AMAZON.Author",
    "AMAZON.Book",
    "AMAZON.BookSeries",
    "AMAZON.BroadcastChannel",
    "AMAZON.City",
    "AMAZON.CivicStructure",
    "AMAZON.Color",
    "AMAZON.Comic",
    "AMAZON.Corporation",
    "AMAZON.Country",
    "AMAZON.CreativeWorkType",
    "AMAZON.DayOfWeek",
    "AMAZON.DE_CITY",
    "AMAZON.DE_FIRST_NAME",
    "AMAZON.DE_REGION",
    "AMAZON.Dessert",
    "AMAZON.DeviceType",
    "AMAZON.Director",
    "AMAZON.Drink",
    "AMAZON.EducationalOrganization",
    "AMAZON.EUROPE_CITY",
    "AMAZON.EventType",
    "AMAZON.Festival",
    "AMAZON.FictionalCharacter",
    "AMAZON.FinancialService",
    "AMAZON.FirstName",
    "AMAZON.Food",
    "AMAZON.FoodEstablishment",
    "AMAZON.Game",
    "AMAZON.GB_CITY",
    "AMAZON.GB_FIRST_NAME",
    "AMAZON.GB_REGION",
    "AMAZON.Genre",
    "AMAZON.Landform",
    "AMAZON.LandmarksOrHistoricalBuildings",
    "AMAZON.Language",
    "AMAZON.LocalBusiness",
    "AMAZON.LocalBusinessType",
    "AMAZON.MedicalOrganization",
    "AMAZON.Month",
    "AMAZON.Movie",
    "AMAZON.MovieSeries",
    "AMAZON.MovieTheater",
    "AMAZON.MusicAlbum",
    "AMAZON.MusicCreativeWorkType",
    "AMAZON.MusicEvent",
    "AMAZON.MusicGroup",
    "AMAZON.Musician",
    "AMAZON.MusicPlaylist",
    "AMAZON.MusicRecording",
    "AMAZON.MusicVenue",
    "AMAZON.MusicVideo",
    "AMAZON.Organization",
    "AMAZON.Person",
    "AMAZON.PostalAddress",
    "AMAZON.Professional",
    "AMAZON.ProfessionalType",
    "AMAZON.RadioChannel",
    "AMAZON.Region",
    "AMAZON.RelativePosition",
    "AMAZON.Residence",
    "AMAZON.Room",
    "AMAZON.ScreeningEvent",
    "AMAZON.Service",
    "AMAZON.SocialMediaPlatform",
    "AMAZON.SoftwareApplication",
    "AMAZON.SoftwareGame",
    "AMAZON.Sport",
    "AMAZON.SportsEvent",
    "AMAZON.SportsTeam",
    "AMAZON.StreetAddress",
    "AMAZON.StreetName",
    "AMAZON.TelevisionChannel",
    "AMAZON.TVEpisode",
    "AMAZON.TVSeason",
    "AMAZON.TVSeries",
    "AMAZON.US_CITY",
    "AMAZON.US_FIRST_NAME",
    "AMAZON.US_STATE",
    "AMAZON.VideoGame",
    "AMAZON.VisualModeTrigger",
    "AMAZON.WeatherCondition",
    "AMAZON.WrittenCreativeWorkType",
];

/// Every built-in slot type asklint knows, retired `AMAZON.LITERAL` aside.
pub(crate) fn slot_types() -> impl Iterator<Item = &'static str> {
    CLOSED_SLOT_TYPES.iter().chain(LIST_SLOT_TYPES).copied()
}

/// Whether `name` is a known built-in slot type (not `AMAZON.LITERAL`).
pub(crate) fn is_slot_type(name: &str) -> bool {
    slot_types().any(|t| t == name)
}

/// Whether a custom intent or slot type name has only the characters the build takes: a letter
/// first, then letters and underscores (SMAPI: "alphabets, periods, and underscores", periods
/// being for `AMAZON.` names).
pub(crate) fn is_custom_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphabetic() || c == '_')
}

#[cfg(test)]
mod tests {
    #[test]
    fn lists_are_sorted_and_distinct() {
        for list in [super::INTENTS, super::CLOSED_SLOT_TYPES] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
        let mut all: Vec<&str> = super::slot_types().collect();
        let n = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), n);
    }

    #[test]
    fn custom_names() {
        assert!(super::is_custom_name("Tide_Intent"));
        for bad in ["Tide.Intent", "2ndTide", "_Tide", "Tide2", "port-names", ""] {
            assert!(!super::is_custom_name(bad), "{bad}");
        }
    }
}
