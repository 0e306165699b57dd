# ruff: noqa: E501 - prose
"""Demo knowledge base: categories and articles written for Guichet (rules from the seeds).

Each article: (category slug, title, keywords, summary, Markdown body).
"""

from __future__ import annotations

CATEGORIES = [
    # slug, name, profile, theme, description
    ("inscription", "S'inscrire sur le portail", "employer", "Inscription",
     "Créer le compte de l'entreprise, choisir le bon type d'inscription."),
    ("administrateurs", "Administrateurs et déclarants", "employer", "Gestion du compte",
     "Rôles, ajout et suppression d'administrateurs, habilitations."),
    ("connexion", "Se connecter sur le site", "all", "Connexion",
     "Mot de passe, question secrète, identifiants."),
    ("resiliation", "Résilier une inscription", "employer", "Inscription",
     "Mettre fin à l'inscription d'une entreprise ou d'un établissement."),
    ("liquidation", "Liquidation judiciaire", "liquidator", "Procédures spécifiques",
     "La procédure des liquidateurs judiciaires pour accéder au compte d'une entreprise."),
    ("declarations", "Déclarations et paiements", "employer", "Déclarer",
     "Ajouter une déclaration, télépaiement, mandats SEPA."),
    ("tiers-declarants", "Tiers déclarants", "accountant", "Inscription",
     "Experts-comptables et organismes qui déclarent pour leurs clients."),
    ("demandes", "Vos demandes au support", "all", "Contacter le support",
     "Faire une demande, suivre sa réponse dans Mon espace."),
]  # fmt: skip

ARTICLES: list[tuple[str, str, str, str, str]] = [
    ("inscription", "Comment inscrire mon entreprise sur le portail ?",
     "inscription, créer un compte, SIRET, entreprise",
     "Les étapes pour créer le compte de votre entreprise.",
     """L'inscription se fait en ligne, à partir du SIRET de l'établissement.

1. Cliquez sur « Votre compte » puis « Je crée mon compte ».
2. Renseignez le SIRET, vos nom, prénom, adresse électronique et téléphone.
3. Acceptez les conditions générales d'utilisation.
4. Choisissez votre mot de passe et votre question secrète.
5. Sélectionnez les déclarations auxquelles vous souhaitez vous inscrire.

La personne qui crée le compte devient **administrateur** de l'inscription.

Le responsable de l'établissement reçoit ensuite un courrier l'informant de la démarche."""),
    ("inscription", "Mono-établissement, multi-établissements ou tiers déclarant : que choisir ?",
     "type d'inscription, mono, multi, tiers déclarant",
     "Le type d'inscription se choisit une fois pour toutes : réfléchissez avant de valider.",
     """Trois types d'inscription existent :

- **Mono-établissement** : vous déclarez pour un seul établissement (un SIRET).
- **Multi-établissements** : vous déclarez pour plusieurs établissements d'une même entreprise (un SIREN).
- **Tiers déclarant** : vous déclarez pour le compte d'autres entreprises (expert-comptable, centre de gestion agréé…).

Une fois validé, le type choisi **ne peut plus être modifié**. En cas d'erreur, il faut résilier
l'inscription puis vous inscrire de nouveau avec le bon type."""),
    ("inscription", "Quel délai avant de pouvoir déclarer après mon inscription ?",
     "délai, première déclaration, courrier, huit jours",
     "Comptez au plus huit jours pour une première inscription.",
     """Lors d'une première inscription, le responsable de l'établissement reçoit un courrier de
confirmation. Vous pouvez effectuer vos déclarations en ligne **au maximum sous 8 jours**.

Pour les inscriptions suivantes (ajout d'une déclaration, nouvel établissement), aucun délai
n'est appliqué."""),
    ("inscription", "J'ai choisi le mauvais type d'inscription : que faire ?",
     "erreur, type d'inscription, résiliation, réinscription",
     "Le choix ne se modifie pas : il faut résilier puis se réinscrire.",
     """Le type d'inscription (mono, multi-établissements ou tiers déclarant) ne peut pas être
changé après validation.

Pour corriger :

1. Faites une demande de **résiliation de l'inscription** (entreprise ou établissement) depuis
   votre espace personnel.
2. Une fois la demande résolue, inscrivez-vous de nouveau en choisissant le bon type.

Les déclarations déjà transmises ne sont pas perdues pour les organismes destinataires."""),
    ("inscription", "Modifier l'adresse électronique de mon compte",
     "adresse électronique, e-mail, modifier, coordonnées",
     "Vos coordonnées se modifient depuis « Mon compte ».",
     """Connectez-vous, puis cliquez sur « Mon compte » en haut à droite de votre menu personnalisé.
Dans « Vos informations personnelles », modifiez votre adresse électronique et validez.

Un déclarant peut aussi demander à son administrateur de modifier son adresse : l'administrateur
dispose de cette fonction dans la gestion des déclarants."""),
    ("administrateurs", "Administrateur ou déclarant : quelles différences ?",
     "rôle, administrateur, déclarant, habilitations",
     "L'administrateur gère le compte ; le déclarant déclare.",
     """**L'administrateur** :

- s'inscrit à tout ou partie des déclarations ;
- inscrit ou supprime des déclarants et gère leurs habilitations (droits déclaratifs) ;
- active les autres administrateurs en attente ;
- peut générer un nouveau mot de passe pour un déclarant.

**Le déclarant** est un collaborateur habilité par un administrateur à déclarer et/ou payer pour
le compte de l'entreprise ou de l'établissement. Il ne voit que les déclarations pour lesquelles il
a été habilité.

Le menu personnalisé dépend du rôle de la personne connectée."""),
    ("administrateurs", "Combien d'administrateurs peut avoir une entreprise ?",
     "nombre d'administrateurs, trois, maximum",
     "Trois administrateurs au plus par entreprise.",
     """Une entreprise peut compter **3 administrateurs au maximum**.

Si ce nombre est atteint et qu'un administrateur a quitté l'entreprise, demandez sa radiation avec
transfert de ses habilitations vers un autre administrateur, puis ajoutez le nouvel
administrateur."""),
    ("administrateurs", "Ajouter un administrateur : cooptation ou clé d'activation",
     "ajouter un administrateur, cooptation, clé d'activation, courrier",
     "Le nouvel administrateur est validé par un administrateur existant ou par une clé envoyée par courrier.",
     """Le candidat crée son compte, puis choisit comment son inscription sera validée :

1. **Par cooptation** : un administrateur déjà inscrit reçoit un courriel. Il se connecte et accepte
   ou refuse l'inscription **dans un délai de 15 jours** ; passé ce délai, l'inscription est annulée.
2. **Par clé d'activation** : une clé est envoyée par courrier à l'adresse de l'entreprise. Le
   candidat se connecte et saisit cette clé pour finaliser son inscription."""),
    ("administrateurs", "Supprimer un administrateur et transférer ses habilitations",
     "radiation, supprimer un administrateur, transfert des habilitations",
     "La radiation d'un administrateur se demande depuis votre espace personnel.",
     """Pour supprimer un ancien administrateur, vous devez être inscrit sur la base de connaissances.

1. Connectez-vous (ou cliquez sur « S'inscrire » si vous n'avez pas encore de compte).
2. Choisissez le formulaire « Radiation d'un administrateur avec transfert des habilitations ».
3. Indiquez le SIRET, l'administrateur à radier et l'administrateur qui recevra ses habilitations.
4. Cochez « Je reconnais être habilité à demander cette radiation » et envoyez.

Un technicien vérifie la demande puis supprime l'administrateur : vous suivez la réponse dans
« Mon espace »."""),
    ("administrateurs", "Pourquoi le transfert des habilitations vers un déclarant est-il refusé ?",
     "transfert, bénéficiaire, déclarant, refus, administrateur",
     "Le bénéficiaire du transfert doit être administrateur.",
     """Les habilitations d'un administrateur radié ne peuvent être transférées qu'à une personne
inscrite **en tant qu'administrateur** de la même entreprise.

Si le bénéficiaire n'a que le rôle de **déclarant**, le transfert est impossible. Faites-le
d'abord devenir administrateur (cooptation ou clé d'activation), puis renouvelez la demande."""),
    ("administrateurs", "Ajouter un déclarant et lui donner des habilitations",
     "déclarant, ajouter, habilitations, mot de passe provisoire",
     "Seul un administrateur peut créer un déclarant.",
     """Depuis le menu personnalisé, rubrique « Votre espace entreprise », choisissez « Gérer les
déclarants » puis « Ajouter un déclarant ».

Renseignez son identité, ses habilitations (déclarer, payer) pour chaque établissement, puis
transmettez-lui le **mot de passe provisoire** affiché : il ne lui est pas envoyé. À sa première
connexion, il choisit son mot de passe et sa question secrète."""),
    ("administrateurs", "Comment connaître l'administrateur de mon entreprise ?",
     "connaître mon administrateur, droits, déclarant",
     "Le nom de votre administrateur figure dans vos informations personnelles.",
     """Si vous êtes déclarant et qu'il vous manque un droit (une déclaration, le paiement), seul votre
administrateur peut vous l'attribuer.

Connectez-vous, cliquez sur « Mon compte » en haut à droite puis consultez « Vos informations
personnelles » : le nom et le prénom de votre administrateur y sont affichés."""),
    ("connexion", "J'ai oublié mon mot de passe",
     "mot de passe oublié, réinitialiser, question secrète, courriel",
     "Deux moyens : la question secrète ou un lien par courriel.",
     """Sur la page d'accueil, cliquez sur « Votre compte » puis « Mot de passe oublié ».

- **Avec votre question secrète** : répondez-y, puis choisissez un nouveau mot de passe.
- **Par courriel** : cliquez sur « Obtenez un nouveau mot de passe par courriel ». Un lien vous est
  envoyé à l'adresse de votre compte.

Si votre adresse n'est plus valable, un déclarant s'adresse à son administrateur ; un
administrateur fait une demande au support."""),
    ("connexion", "Les règles de constitution du mot de passe",
     "mot de passe, règles, critères, caractères, majuscules, chiffres",
     "Au moins 6 lettres et 2 chiffres, 20 caractères au plus.",
     """Un mot de passe conforme respecte les critères suivants :

- au moins **6 lettres**, dont des **majuscules et des minuscules** ;
- au moins **2 chiffres** ;
- **20 caractères au maximum**.

Une jauge de couleur (vert, orange, rouge) indique la solidité du mot de passe pendant la saisie.
Les critères facultatifs (caractères spéciaux, longueur) renforcent encore sa sécurité."""),
    ("connexion", "Mot de passe provisoire d'un déclarant",
     "mot de passe provisoire, déclarant, première connexion",
     "Le mot de passe provisoire est transmis par l'administrateur.",
     """Lorsqu'un administrateur crée un déclarant ou lui génère un nouveau mot de passe, le mot de
passe provisoire s'affiche à l'écran : l'administrateur doit le communiquer lui-même au déclarant.

À la première connexion, le déclarant remplace ce mot de passe provisoire et définit sa question
secrète."""),
    ("connexion", "À quoi sert la question secrète ?",
     "question secrète, réponse, sécurité",
     "Elle permet de réinitialiser votre mot de passe vous-même.",
     """Le couple question/réponse choisi lors de l'inscription vous permet de réinitialiser votre mot
de passe à tout moment, en cas de perte ou d'oubli, sans attendre de courriel.

Choisissez une réponse dont vous vous souviendrez et que vos collègues ne peuvent pas deviner."""),
    ("connexion", "« Vos identifiants sont incorrects » : que vérifier ?",
     "identifiants incorrects, connexion impossible, erreur",
     "Vérifiez le SIRET, le nom et le prénom saisis, puis le mot de passe.",
     """La connexion demande trois identifiants et un mot de passe :

1. Vérifiez le **SIRET** (14 chiffres, sans espace).
2. Vérifiez l'orthographe du **nom** et du **prénom** tels qu'ils ont été inscrits.
3. Vérifiez que la touche majuscule n'est pas verrouillée.

Si le problème persiste, utilisez « Mot de passe oublié »."""),
    ("connexion", "Le triplet SIRET / NOM / PRÉNOM",
     "triplet, SIRET, nom, prénom, identifiants de connexion",
     "Vos identifiants de connexion sont le SIRET, le nom et le prénom.",
     """Sur le portail, une personne est identifiée par le **triplet SIRET / NOM / PRÉNOM** : le SIRET de
l'établissement d'inscription, son nom et son prénom.

Ce triplet est aussi demandé lorsqu'un lien de réinitialisation est utilisé : s'il est erroné ou
relatif à un autre dossier, la connexion est refusée."""),
    ("resiliation", "Résilier l'inscription d'une entreprise",
     "résiliation, résilier, entreprise, SIREN, inscription",
     "La résiliation d'une entreprise porte sur son SIREN.",
     """La résiliation met fin à l'inscription de **toute l'entreprise** (tous ses établissements).

Depuis votre espace personnel, choisissez le formulaire « Résiliation de l'inscription », indiquez le
**SIREN** (9 chiffres), le motif et cochez la case de confirmation.

Les déclarations et les habilitations attachées à l'entreprise prennent fin après le traitement de la
demande."""),
    ("resiliation", "Résilier l'inscription d'un établissement",
     "résiliation, résilier, établissement, SIRET",
     "La résiliation d'un établissement porte sur son SIRET.",
     """Pour un seul établissement, choisissez « Résiliation de l'inscription » puis la portée
« établissement », et indiquez son **SIRET** (14 chiffres).

Seul un administrateur de l'établissement peut demander sa résiliation. Les autres établissements de
l'entreprise restent inscrits."""),
    ("resiliation", "Que deviennent les déclarations après une résiliation ?",
     "résiliation, déclarations, habilitations, historique",
     "Les droits s'arrêtent ; l'historique reste chez les organismes.",
     """Après la résiliation, plus aucune déclaration ne peut être transmise pour l'entreprise ou
l'établissement résilié, et les habilitations des administrateurs et déclarants prennent fin.

Les déclarations déjà transmises restent connues des organismes destinataires. Si vous aviez résilié
pour corriger le type d'inscription, inscrivez-vous de nouveau."""),
    ("liquidation", "Liquidateur judiciaire : accéder au compte de l'entreprise liquidée",
     "liquidateur judiciaire, liquidation, accès, procédure spécifique",
     "Le liquidateur fait une demande par entreprise depuis son espace personnel.",
     """Le liquidateur mandaté doit pouvoir vérifier les déclarations transmises et envoyer celles qui
restent en attente.

1. Créez votre espace personnel en cliquant sur « S'inscrire » (profil « Liquidateur judiciaire »).
2. Saisissez **Léa** dans le moteur de recherche : ce raccourci ouvre directement les formulaires.
3. Choisissez « Liquidateur judiciaire – procédure spécifique ».
4. Indiquez le SIRET de l'entreprise, l'adresse qui recevra le lien, et joignez les minutes du greffe.

Après traitement, un lien de connexion valable 8 heures est envoyé par courriel. La demande passe au
statut « Résolu » dans votre espace."""),
    ("liquidation", "Quelles pièces joindre à une demande de liquidateur ?",
     "minutes du greffe, pièce jointe, justificatif, non conforme",
     "Les minutes du greffe sont obligatoires.",
     """La demande doit comporter **les minutes du greffe** (le jugement qui désigne le liquidateur), en
PDF ou en image scannée (JPEG, PNG).

Sans ce document, la demande est jugée **non conforme** et ne peut pas être traitée : le formulaire
la refuse dès l'envoi."""),
    ("liquidation", "Le lien de connexion a expiré : que faire ?",
     "lien expiré, huit heures, rouvrir la demande, nouveau lien",
     "Rouvrez la même demande : un nouveau lien sera envoyé.",
     """Le lien de réinitialisation est valable **8 heures** à compter de sa réception.

S'il a expiré, ne créez pas de nouvelle demande : ouvrez la demande concernée dans votre espace
personnel et **rouvrez-la** en précisant que la connexion n'a pas pu se faire dans le délai. Un
nouveau lien vous est envoyé ; les liens précédents ne fonctionnent plus."""),
    ("liquidation", "Une demande par entreprise en liquidation",
     "liquidateur, plusieurs entreprises, une demande par SIRET",
     "Chaque entreprise liquidée fait l'objet de sa propre demande.",
     """Un liquidateur utilise **un seul espace personnel** pour toutes les entreprises qu'il liquide,
mais formule **une demande par entreprise**.

Une seconde demande pour la même entreprise, alors que la première est encore ouverte, est refusée :
suivez la demande existante."""),
    ("declarations", "Ajouter une déclaration à mon inscription",
     "ajouter une déclaration, gérer les déclarations, administrateur",
     "Seul un administrateur peut ajouter une déclaration.",
     """Connectez-vous, puis dans votre menu personnalisé, rubrique « Votre espace entreprise »,
cliquez sur « Gestion » puis « Gérer les déclarations ».

Si vous ne voyez pas cette rubrique, vous êtes déclarant : demandez à votre administrateur de vous
ajouter les droits nécessaires."""),
    ("declarations", "Le télépaiement et le mandat SEPA",
     "télépaiement, SEPA, mandat, prélèvement, paiement, RUM",
     "Acquittez vos formalités SEPA avant de transmettre un paiement.",
     """Le mandat SEPA réunit la demande et l'autorisation de prélèvement. Il est identifié par une
**référence unique de mandat (RUM)** de 35 caractères au plus.

Avant d'effectuer un télépaiement, renseignez votre complément d'inscription (« Solutions de
paiement »), saisissez l'IBAN de vos comptes, puis établissez et acquittez un mandat pour chaque
déclaration et chaque organisme. Sans ces formalités, le paiement est rejeté."""),
    ("declarations", "À quoi sert le module mandat ?",
     "module mandat, mandats, prélèvement, DSN",
     "Rechercher, créer, acquitter ou révoquer vos mandats.",
     """Lorsqu'un organisme ne trouve pas de mandat actif pour le couple compte bancaire / créancier
de votre déclaration, il vous le signale dans les comptes rendus.

Le module mandat, accessible depuis le tableau de bord, permet de rechercher des mandats existants,
d'en créer, de les acquitter et de les révoquer."""),
    ("demandes", "Faire une demande et suivre la réponse dans Mon espace",
     "demande, contact, Mon espace, statut, résolu",
     "Recherchez d'abord une réponse ; sinon, faites une demande.",
     """Saisissez votre question dans le moteur de recherche. Si aucune réponse ne convient, le lien
« sur ce lien » ouvre les formulaires de demande.

Une fois connecté, « Mon espace » liste vos demandes et leur statut : **Non résolu**, **En
attente** (une information vous est demandée), **Mis à jour**, **Résolu**. Cliquez sur une demande
pour lire la réponse."""),
    ("demandes", "Navigateurs et configuration recommandés",
     "navigateur, version, compatibilité, configuration",
     "Utilisez une version récente de votre navigateur.",
     """Le bon fonctionnement du site n'est plus garanti pour des navigateurs de plus de 10 ans.

Mettez à jour votre navigateur avec la dernière version proposée par l'éditeur. Pour connaître
votre version, ouvrez le menu « ? » puis « À propos de »."""),
    ("tiers-declarants", "Tiers déclarant : gérer le portefeuille de mes clients",
     "tiers déclarant, portefeuille, clients, expert-comptable",
     "Le tiers déclarant ajoute ou retire des clients de ses portefeuilles.",
     """Un tiers déclarant (expert-comptable, centre de gestion agréé…) déclare pour ses clients.

Son administrateur crée des **portefeuilles** et y ajoute ou retire des clients (leurs SIRET). Les
déclarants du cabinet reçoivent des habilitations par portefeuille."""),
    ("tiers-declarants", "SIREN et SIRET : quelle différence ?",
     "SIREN, SIRET, identifiant, établissement, entreprise",
     "Le SIREN identifie l'entreprise, le SIRET l'établissement.",
     """Le **SIREN** (9 chiffres) identifie l'entreprise. Le **SIRET** (14 chiffres) identifie un
établissement : c'est le SIREN suivi de 5 chiffres.

Les deux numéros comportent une clé de contrôle : un chiffre mal saisi est détecté tout de suite."""),
]  # fmt: skip

NEWS = [
    ("Consultez le guide d'utilisation du site", "Le guide pas à pas de l'inscription et de la gestion du compte.",
     "comment-inscrire-mon-entreprise-sur-le-portail"),
    ("Bienvenue sur le nouveau guichet !", "Recherchez une réponse, faites une demande et suivez-la dans Mon espace.",
     "faire-une-demande-et-suivre-la-reponse-dans-mon-espace"),
    ("Liquidateurs judiciaires : une procédure dédiée", "Une demande par entreprise, les minutes du greffe en pièce jointe.",
     "liquidateur-judiciaire-acceder-au-compte-de-lentreprise-liquidee"),
]  # fmt: skip
